using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.ApiGateway;

/// <summary>One control-plane request of either API Gateway API: its path segments (decoded), its JSON
/// body (an empty object when there is none) and how to answer.</summary>
internal sealed class ApiGatewayRequest(HttpContext context, string[] segments, JsonElement body)
{
    public HttpContext Context { get; } = context;
    public string[] Segments { get; } = segments;
    public JsonElement Body { get; } = body;
    public string Method => Context.Request.Method;
    public CancellationToken Aborted => Context.RequestAborted;

    /// <summary>The body as one of the API's records (unknown members ignored, as AWS's parsers do).</summary>
    public T Read<T>(JsonTypeInfo<T> type) where T : class => Body.Deserialize(type) ?? throw ApiGatewayException.BadRequest("Invalid request body");

    /// <summary>PATCH: the body's members laid over <paramref name="current"/>, except those the caller
    /// may not change (ids, dates).</summary>
    public T Patch<T>(T current, JsonTypeInfo<T> type, params string[] fixedMembers) where T : class
    {
        var node = JsonSerializer.SerializeToNode(current, type)!.AsObject();
        foreach (var member in Body.EnumerateObject())
        {
            if (fixedMembers.Contains(member.Name, StringComparer.Ordinal))
                continue;
            node[member.Name] = JsonNode.Parse(member.Value.GetRawText());
        }
        return node.Deserialize(type)!;
    }

    public bool Has(string member) => Body.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? Query(string name) => Context.Request.Query[name].FirstOrDefault();

    public Task WriteAsync<T>(int status, T value, JsonTypeInfo<T> type) => WriteRawAsync(status, json => JsonSerializer.Serialize(json, value, type));

    public async Task WriteRawAsync(int status, Action<Utf8JsonWriter> write)
    {
        Context.Response.StatusCode = status;
        Context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(Context.Response.BodyWriter);
        write(json);
        await json.FlushAsync(Aborted).ConfigureAwait(false);
    }

    /// <summary><c>{"items":[…]}</c> (apigatewayv2) or <c>{"item":[…]}</c> (apigateway), the list shape
    /// of each API (no paging: every item fits one page here).</summary>
    public Task WriteItemsAsync<T>(IEnumerable<T> items, JsonTypeInfo<T> type, string member = "items") => WriteRawAsync(200, json =>
    {
        json.WriteStartObject();
        json.WriteStartArray(member);
        foreach (var item in items)
            JsonSerializer.Serialize(json, item, type);
        json.WriteEndArray();
        json.WriteEndObject();
    });

    public void NoContent() => Context.Response.StatusCode = StatusCodes.Status204NoContent;
}
