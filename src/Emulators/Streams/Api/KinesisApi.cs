using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;
using Platform.Emulators.Streams.Engine;

namespace Platform.Emulators.Streams.Api;

/// <summary>Kinesis's JSON 1.1 protocol on the edge port: <c>X-Amz-Target: Kinesis_20131202.*</c>,
/// base64 data, epoch-second timestamps, errors as <c>{"__type","message"}</c> with HTTP 400.</summary>
public sealed class KinesisApi(StreamEngine engine, ILogger<KinesisApi> logger) : IEdgeService
{
    public const string TargetPrefix = "Kinesis_20131202.";

    /// <summary>A PutRecords of 5 MiB is about 7 MiB as base64 JSON; anything far beyond is refused unread.</summary>
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly KinesisOperations _operations = new(engine);
    private readonly EdgeEnvelope _envelope = new(KinesisErrorShape.Instance, logger);

    public string Name => "kinesis";

    public bool CanHandle(HttpRequest request) =>
        request.Headers.TryGetValue("X-Amz-Target", out var target) &&
        target.ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    public Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        return _envelope.RunAsync(context, RespondAsync);
    }

    private async Task RespondAsync(HttpContext context)
    {
        var request = context.Request;
        var operation = request.Headers["X-Amz-Target"].ToString()[TargetPrefix.Length..];
        if (request.ContentType is { } type && type.StartsWith("application/x-amz-cbor", StringComparison.OrdinalIgnoreCase))
            throw KinesisApiErrors.Serialization("CBOR is not supported by this emulator: configure the SDK for JSON (e.g. aws.cborEnabled=false / AWS_CBOR_DISABLE=1).");
        if (!IsJsonContentType(request.ContentType))
            throw KinesisErrorShape.UnknownOperation();
        if (!MayRunWhenDiskFull(operation))
            EdgeCheck.RequireSpace(context);
        using var body = await EdgeBody.ReadAsync(request, MaxBodyBytes, TooLarge, context.RequestAborted).ConfigureAwait(false);
        if (!body.IsValidUtf8)
            throw KinesisApiErrors.Serialization("The request body is not valid UTF-8.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body.Memory);
        }
        catch (JsonException)
        {
            throw KinesisApiErrors.Serialization("The request body is not valid JSON.");
        }

        var output = new ArrayBufferWriter<byte>(256);
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw KinesisApiErrors.Serialization("The request body must be a JSON object.");
            using var writer = new Utf8JsonWriter(output);
            await _operations.RunAsync(operation, new KinesisRequest(document.RootElement), writer, context.RequestAborted)
                .ConfigureAwait(false);
            writer.Flush();
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = KinesisErrorShape.JsonContentType;
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>What Kinesis parses as JSON: its own type and plain JSON; a request without a type is
    /// taken as JSON too (hand-written clients), anything else is not a Kinesis operation.</summary>
    private static bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
            return true;
        var media = contentType.Split(';')[0].Trim();
        return media.Equals("application/x-amz-json-1.1", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/x-amz-json-1.0", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads and deletes still run on a full disk; they are how space is freed.</summary>
    private static bool MayRunWhenDiskFull(string operation) =>
        operation.StartsWith("Delete", StringComparison.Ordinal) || operation.StartsWith("Describe", StringComparison.Ordinal)
        || operation.StartsWith("List", StringComparison.Ordinal) || operation.StartsWith("Get", StringComparison.Ordinal);

    private static StreamException TooLarge() =>
        KinesisApiErrors.InvalidArgument($"The request body exceeds {MaxBodyBytes} bytes; PutRecords accepts at most 5 MiB of records.");
}
