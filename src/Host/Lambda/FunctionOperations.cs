using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Contracts.Functions;

namespace Platform.Host.Lambda;

/// <summary>ListFunctions, GetFunction, GetFunctionConfiguration over the function catalog; functions
/// created through the API answer from their stored configuration.</summary>
internal sealed class FunctionOperations(LambdaFunctions functions, ControlPlane control, FunctionControlOperations apiFunctions)
{
    private const int DefaultMaxItems = 50;

    public Task ListAsync(LambdaRequest request)
    {
        var maxItems = DefaultMaxItems;
        if (request.Query("MaxItems") is { } max
            && (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out maxItems) || maxItems is < 1 or > 10000))
        {
            throw LambdaException.Validation("maxItems", max, "Member must have value between 1 and 10000");
        }
        var marker = request.Query("Marker");
        var allVersions = request.Query("FunctionVersion") switch
        {
            null => false,
            "ALL" => true,
            var other => throw LambdaException.Validation("functionVersion", other, "Member must satisfy enum value set: [ALL]"),
        };
        // API functions are listed from the store: a Pending one is not in the catalog yet.
        var catalogued = functions.All.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var names = catalogued.Keys.Union(control.Store.Functions.Select(f => f.Name), StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        // FunctionVersion=ALL lists each published version after its $LATEST, as items of their own;
        // the marker is the last item's key (name, or name:version).
        var items = names.SelectMany(name => Listed(name, allVersions)).ToArray();
        var start = marker is null ? 0 : Array.FindIndex(items, i => i.Key == marker) + 1;
        if (marker is not null && start == 0)
            start = Array.FindIndex(items, i => string.CompareOrdinal(i.Name, marker) > 0) is var next and >= 0 ? next : items.Length;
        var matching = items[start..];
        var page = matching.Take(maxItems).ToArray();
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            if (matching.Length > page.Length)
                json.WriteString("NextMarker", page[^1].Key);
            json.WriteStartArray("Functions");
            foreach (var (name, version, _) in page)
            {
                if (version is not null)
                    apiFunctions.WriteListed(json, version);
                else if (control.Store.Function(name) is { } api)
                    apiFunctions.WriteListed(json, api);
                else
                    WriteConfiguration(json, catalogued[name]);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private IEnumerable<(string Name, FunctionVersionRecord? Version, string Key)> Listed(string name, bool allVersions)
    {
        yield return (name, null, name);
        if (!allVersions || control.Store.Function(name) is null)
            yield break;
        foreach (var version in control.Store.Versions(name).Where(v => v.Version != "$LATEST")
                     .OrderBy(v => int.TryParse(v.Version, out var number) ? number : int.MaxValue))
            yield return (name, version, $"{name}:{version.Version}");
    }

    public Task GetAsync(LambdaRequest request, string name)
    {
        if (control.Find(name) is { } api)
            return apiFunctions.GetAsync(request, api, ControlPlane.Qualifier(request, name));
        var function = functions.Resolve(name, request.Query("Qualifier"));
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("Configuration");
            WriteConfiguration(json, function);
            json.WriteStartObject("Concurrency");
            json.WriteNumber("ReservedConcurrentExecutions", function.Concurrency);
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    public Task GetConfigurationAsync(LambdaRequest request, string name)
    {
        if (control.Find(name) is { } api)
            return apiFunctions.GetConfigurationAsync(request, api, ControlPlane.Qualifier(request, name));
        var function = functions.Resolve(name, request.Query("Qualifier"));
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json => WriteConfiguration(json, function));
    }

    private void WriteConfiguration(Utf8JsonWriter json, FunctionDefinition function)
    {
        json.WriteStartObject();
        json.WriteString("FunctionName", function.Name);
        json.WriteString("FunctionArn", functions.ArnOf(function.Name));
        json.WriteString("Runtime", function.Runtime);
        if (function.Handler is { } handler)
            json.WriteString("Handler", handler);
        // Lambda's Timeout is whole seconds; a sub-second timeout (tests) rounds up, never to 0.
        json.WriteNumber("Timeout", Math.Max(1, (int)Math.Ceiling(function.Timeout.TotalSeconds)));
        json.WriteNumber("MemorySize", function.MemorySize);
        json.WriteString("Version", "$LATEST");
        json.WriteStartObject("Environment");
        json.WriteStartObject("Variables");
        foreach (var (key, value) in function.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            json.WriteString(key, value);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("State", "Active");
        json.WriteString("LastUpdateStatus", "Successful");
        json.WriteString("PackageType", "Zip");
        json.WriteEndObject();
    }
}
