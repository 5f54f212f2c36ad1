using System.Globalization;
using Microsoft.AspNetCore.Http;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources;

namespace Platform.Host.Lambda;

/// <summary>Create/Get/List/Update/DeleteEventSourceMapping on the durable store; the kind's
/// factory validates and fills AWS's defaults, the mapping supervisor runs what the store holds.</summary>
internal sealed class EventSourceMappingOperations(
    EventSourceMappingStore store,
    IEnumerable<ISourceWorkerFactory> factories,
    LambdaFunctions functions)
{
    private const int DefaultMaxItems = 100;
    private readonly ISourceWorkerFactory[] _factories = factories.ToArray();

    public async Task CreateAsync(LambdaRequest request)
    {
        var body = LambdaJson.ParseObject(request.Body);
        if (LambdaJson.String(body, "FunctionName") is null)
            throw LambdaException.Validation("functionName", "null", "Member must not be null");
        var draft = MappingRequest.Apply(new EventSourceMapping
        {
            Uuid = Guid.NewGuid().ToString(),
            FunctionName = "",
            EventSourceArn = "",
            Origin = MappingOrigins.Api,
        }, body, create: true);
        if (draft.EventSourceArn.Length == 0)
            throw LambdaException.InvalidParameter("Unrecognized event source, must be kafka or specify an EventSourceArn.");
        functions.Resolve(draft.FunctionName);
        var factory = FactoryFor(draft);

        if (store.List().FirstOrDefault(m => m.EventSourceArn == draft.EventSourceArn && m.FunctionName == draft.FunctionName) is { } existing)
        {
            throw LambdaException.Conflict(
                $"An event source mapping with {Service(draft)} arn (\" {draft.EventSourceArn} \") and function (\" {draft.FunctionName} \") already exists. Please update or delete the existing mapping with UUID {existing.Uuid}");
        }

        var stored = await store.PutAsync(Validate(factory, draft), request.Aborted).ConfigureAwait(false);
        await WriteAsync(request, StatusCodes.Status202Accepted, stored, "Creating").ConfigureAwait(false);
    }

    public Task GetAsync(LambdaRequest request, string uuid)
    {
        var mapping = Find(uuid);
        return WriteAsync(request, StatusCodes.Status200OK, mapping, MappingWriter.StateOf(mapping));
    }

    public Task ListAsync(LambdaRequest request)
    {
        var sourceArn = request.Query("EventSourceArn");
        var functionName = request.Query("FunctionName") is { } name ? Registered(LambdaFunctions.ParseName(name)) : null;
        var maxItems = DefaultMaxItems;
        if (request.Query("MaxItems") is { } max
            && (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out maxItems) || maxItems is < 1 or > 10000))
        {
            throw LambdaException.Validation("maxItems", max, "Member must have value between 1 and 10000");
        }
        var marker = request.Query("Marker");

        // The store lists by UUID, so a marker is the last UUID of the previous page.
        var matching = store.List()
            .Where(m => sourceArn is null || m.EventSourceArn == sourceArn)
            .Where(m => functionName is null || m.FunctionName == functionName)
            .Where(m => marker is null || string.CompareOrdinal(m.Uuid, marker) > 0)
            .ToArray();
        var page = matching.Take(maxItems).ToArray();
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            if (matching.Length > page.Length)
                json.WriteString("NextMarker", page[^1].Uuid);
            json.WriteStartArray("EventSourceMappings");
            foreach (var mapping in page)
                MappingWriter.Write(json, mapping, MappingWriter.StateOf(mapping), functions.ArnOf(mapping.FunctionName));
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    public async Task UpdateAsync(LambdaRequest request, string uuid)
    {
        var body = LambdaJson.ParseObject(request.Body);
        var current = Find(uuid);
        var updated = MappingRequest.Apply(current, body, create: false);
        functions.Resolve(updated.FunctionName);
        var stored = await store.PutAsync(Validate(FactoryFor(updated), updated), request.Aborted).ConfigureAwait(false);
        await WriteAsync(request, StatusCodes.Status202Accepted, stored, "Updating").ConfigureAwait(false);
    }

    public async Task DeleteAsync(LambdaRequest request, string uuid)
    {
        var mapping = Find(uuid);
        if (!await store.DeleteAsync(uuid, request.Aborted).ConfigureAwait(false))
            throw NotFound();
        await WriteAsync(request, StatusCodes.Status202Accepted, mapping, "Deleting").ConfigureAwait(false);
    }

    /// <summary>A mapping of a version or alias names the function registered as name:qualifier.</summary>
    private static string Registered((string Name, string? Qualifier) parsed) =>
        parsed.Qualifier is null or "$LATEST" ? parsed.Name : $"{parsed.Name}:{parsed.Qualifier}";

    private EventSourceMapping Find(string uuid) => store.Get(uuid) ?? throw NotFound();

    private static LambdaException NotFound() => LambdaException.NotFound("The resource you requested does not exist.");

    private ISourceWorkerFactory FactoryFor(EventSourceMapping mapping) =>
        // The last registration of a kind wins, as in the mapping supervisor.
        _factories.LastOrDefault(f => f.Kind == mapping.Kind && mapping.Kind != EventSourceKind.Unknown)
        ?? throw LambdaException.InvalidParameter(mapping.Kind == EventSourceKind.Unknown
            ? $"Unrecognized event source: {mapping.EventSourceArn}. The platform maps SQS queues (arn:aws:sqs:…) and Kinesis streams (arn:aws:kinesis:…:stream/…)."
            : $"Event source mappings for {mapping.Kind} are not available in this platform build.");

    private static EventSourceMapping Validate(ISourceWorkerFactory factory, EventSourceMapping mapping)
    {
        try
        {
            return factory.Validate(mapping);
        }
        catch (MappingValidationException e)
        {
            throw new LambdaException(e.ErrorCode == "ResourceNotFoundException" ? 404 : 400, e.ErrorCode, e.Message);
        }
    }

    private static string Service(EventSourceMapping mapping) => mapping.Kind switch
    {
        EventSourceKind.Kinesis => "Kinesis",
        EventSourceKind.DynamoDb => "DynamoDB",
        _ => "SQS",
    };

    private Task WriteAsync(LambdaRequest request, int status, EventSourceMapping mapping, string state) =>
        LambdaResponses.WriteJsonAsync(request.Context, status,
            json => MappingWriter.Write(json, mapping, state, functions.ArnOf(mapping.FunctionName)));
}
