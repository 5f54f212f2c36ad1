using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;
using Platform.Emulators.Tables.Engine;

namespace Platform.Emulators.Tables.Api;

/// <summary>DynamoDB's and DynamoDB Streams' JSON 1.0 protocol on the edge port:
/// <c>X-Amz-Target: DynamoDB_20120810.*</c> and <c>DynamoDBStreams_20120810.*</c>, errors as
/// <c>{"__type":"com.amazonaws.dynamodb.v20120810#Code","message"}</c> with HTTP 400.</summary>
public sealed partial class DynamoDbApi(TableEngine engine, ILogger<DynamoDbApi> logger) : IEdgeService
{
    public const string TargetPrefix = "DynamoDB_20120810.";
    public const string StreamsTargetPrefix = "DynamoDBStreams_20120810.";
    private const string JsonContentType = "application/x-amz-json-1.0";
    private const string ErrorPrefix = "com.amazonaws.dynamodb.v20120810#";

    /// <summary>A BatchWriteItem of 25 items of 400 KB is 10 MB of values; DynamoDB caps requests at 16 MB.</summary>
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly DynamoDbOperations _operations = new(engine);

    public string Name => "dynamodb";

    public bool CanHandle(HttpRequest request)
    {
        if (!request.Headers.TryGetValue("X-Amz-Target", out var value))
            return false;
        var target = value.ToString();
        return target.StartsWith(TargetPrefix, StringComparison.Ordinal) || target.StartsWith(StreamsTargetPrefix, StringComparison.Ordinal);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var requestId = Guid.NewGuid().ToString("N").ToUpperInvariant();
        response.Headers["x-amzn-RequestId"] = requestId;
        var output = new ArrayBufferWriter<byte>(512);
        int status;
        try
        {
            var target = request.Headers["X-Amz-Target"].ToString();
            var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
            if (request.ContentLength > MaxBodyBytes)
                throw new TableException("RequestEntityTooLarge", "Request Entity Too Large", 413);
            var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            }
            catch (JsonException)
            {
                throw new TableException("SerializationException", "The request body is not valid JSON.");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw new TableException("SerializationException", "The request body must be a JSON object.");
                using var writer = new Utf8JsonWriter(output);
                await _operations.RunAsync(operation, new TableRequest(document.RootElement), writer, context.RequestAborted).ConfigureAwait(false);
                writer.Flush();
            }

            status = StatusCodes.Status200OK;
        }
        catch (TableException error)
        {
            output.Clear();
            WriteError(output, error);
            status = error.StatusCode;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception error) when (error is BadHttpRequestException or InvalidOperationException or FormatException or KeyNotFoundException
                                       or ArgumentException)
        {
            // A JSON member of an unexpected shape (an array where an object belongs, a key given twice, …) surfaces here.
            output.Clear();
            WriteError(output, new TableException("SerializationException", "The request body does not match the operation's shape: " + error.Message));
            status = StatusCodes.Status400BadRequest;
        }
        catch (Exception error)
        {
            LogInternalError(logger, error, requestId);
            output.Clear();
            WriteError(output, new TableException("InternalServerError", "The server encountered an internal error.", 500));
            status = StatusCodes.Status500InternalServerError;
        }

        response.StatusCode = status;
        response.ContentType = JsonContentType;
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteError(ArrayBufferWriter<byte> output, TableException error)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("__type", ErrorPrefix + error.Code);
        if (error.CancellationReasons is { } reasons)
        {
            writer.WriteString("Message", error.Message);
            writer.WriteStartArray("CancellationReasons");
            foreach (var reason in reasons)
            {
                writer.WriteStartObject();
                writer.WriteString("Code", reason.Code);
                if (reason.Message is not null)
                    writer.WriteString("Message", reason.Message);
                if (reason.Item is not null)
                    AttributeJson.WriteItem(writer, "Item", reason.Item);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteString("message", error.Message);
        }

        if (error.Item is not null)
            AttributeJson.WriteItem(writer, "Item", error.Item);
        writer.WriteEndObject();
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new byte[request.ContentLength is { } declared and > 0 ? declared : 4096];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxBodyBytes)
                    throw new TableException("RequestEntityTooLarge", "Request Entity Too Large", 413);
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxBodyBytes));
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                return buffer.AsMemory(0, length);
            length += read;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "DynamoDB request {RequestId} failed")]
    private static partial void LogInternalError(ILogger logger, Exception exception, string requestId);
}
