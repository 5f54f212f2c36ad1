using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;
using Platform.Emulators.Streams.Engine;

namespace Platform.Emulators.Streams.Api;

/// <summary>Kinesis's JSON 1.1 protocol on the edge port: <c>X-Amz-Target: Kinesis_20131202.*</c>,
/// base64 data, epoch-second timestamps, errors as <c>{"__type","message"}</c> with HTTP 400.</summary>
public sealed partial class KinesisApi(StreamEngine engine, ILogger<KinesisApi> logger) : IEdgeService
{
    public const string TargetPrefix = "Kinesis_20131202.";
    private const string JsonContentType = "application/x-amz-json-1.1";

    /// <summary>A PutRecords of 5 MiB is about 7 MiB as base64 JSON; anything far beyond is refused unread.</summary>
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly KinesisOperations _operations = new(engine);

    public string Name => "kinesis";

    public bool CanHandle(HttpRequest request) =>
        request.Headers.TryGetValue("X-Amz-Target", out var target) &&
        target.ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var requestId = Guid.NewGuid().ToString();
        response.Headers["x-amzn-RequestId"] = requestId;
        var output = new ArrayBufferWriter<byte>(256);
        int status;
        try
        {
            var operation = request.Headers["X-Amz-Target"].ToString()[TargetPrefix.Length..];
            if (request.ContentType is { } type && type.StartsWith("application/x-amz-cbor", StringComparison.OrdinalIgnoreCase))
                throw KinesisApiErrors.Serialization("CBOR is not supported by this emulator: configure the SDK for JSON (e.g. aws.cborEnabled=false / AWS_CBOR_DISABLE=1).");
            var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            }
            catch (JsonException)
            {
                throw KinesisApiErrors.Serialization("The request body is not valid JSON.");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw KinesisApiErrors.Serialization("The request body must be a JSON object.");
                using var writer = new Utf8JsonWriter(output);
                await _operations.RunAsync(operation, new KinesisRequest(document.RootElement), writer, context.RequestAborted)
                    .ConfigureAwait(false);
                writer.Flush();
            }

            status = StatusCodes.Status200OK;
        }
        catch (StreamException error)
        {
            output.Clear();
            WriteError(output, error.Code, error.Message);
            status = error.StatusCode;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (BadHttpRequestException error)
        {
            output.Clear();
            WriteError(output, "SerializationException", "The request body was malformed: " + error.Message);
            status = StatusCodes.Status400BadRequest;
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception error)
        {
            LogInternalError(logger, error, requestId);
            output.Clear();
            WriteError(output, "InternalFailure", "The server encountered an internal error.");
            status = StatusCodes.Status500InternalServerError;
        }

        response.StatusCode = status;
        response.ContentType = JsonContentType;
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteError(ArrayBufferWriter<byte> output, string code, string message)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("__type", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
            throw TooLarge();
        if (request.ContentLength is { } declared)
        {
            // Kestrel delivers exactly Content-Length bytes or fails the read.
            var exact = new byte[declared];
            var filled = 0;
            while (filled < exact.Length)
            {
                var count = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (count == 0)
                    throw KinesisApiErrors.Serialization("The request body ended before its Content-Length.");
                filled += count;
            }

            return exact;
        }

        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxBodyBytes)
                    throw TooLarge();
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxBodyBytes));
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                return buffer.AsMemory(0, length);
            length += read;
        }
    }

    private static StreamException TooLarge() =>
        KinesisApiErrors.InvalidArgument($"The request body exceeds {MaxBodyBytes} bytes; PutRecords accepts at most 5 MiB of records.");

    [LoggerMessage(Level = LogLevel.Error, Message = "Kinesis request {RequestId} failed")]
    private static partial void LogInternalError(ILogger logger, Exception exception, string requestId);
}
