using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.Lambda;

/// <summary>PublishLayerVersion, GetLayerVersion(ByArn), ListLayers, ListLayerVersions,
/// DeleteLayerVersion. A layer version's zip is extracted once; functions get its folder as one of
/// their <c>/opt</c> layers.</summary>
internal sealed class LayerOperations(ControlPlane control)
{
    public async Task PublishAsync(LambdaRequest request, string layerNameOrArn)
    {
        var name = LayerName(layerNameOrArn);
        var body = LambdaJson.ParseObject(request.Body);
        var content = LambdaJson.Object(body, "Content") ?? throw LambdaException.Validation("content", "null", "Member must not be null");
        var runtimes = LambdaJson.Strings(body, "CompatibleRuntimes") ?? [];
        if (runtimes.Count > 15)
            throw LambdaException.Validation("compatibleRuntimes", string.Join(",", runtimes), "Member must have length less than or equal to 15");
        foreach (var runtime in runtimes.Where(r => !FunctionRules.Known.Contains(r)))
            throw LambdaException.Validation("compatibleRuntimes", runtime, "Member must satisfy constraint: [Member must satisfy enum value set: [...]]");
        var architectures = LambdaJson.Strings(body, "CompatibleArchitectures") ?? [];
        if (architectures.Any(a => a is not ("x86_64" or "arm64")))
            throw LambdaException.Validation("compatibleArchitectures", string.Join(",", architectures), "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]");
        var description = LambdaJson.String(body, "Description") is { } d ? FunctionRules.Description(d) : "";
        var license = LambdaJson.String(body, "LicenseInfo");

        LayerVersionRecord layer;
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var (stored, _) = await control.ReadCodeAsync(content, allowHotReload: false, "PublishLayerVersion", request.Aborted).ConfigureAwait(false);
            var number = control.Store.LayerVersions().Where(l => l.LayerName == name).Select(l => l.Version).DefaultIfEmpty(0).Max() + 1;
            layer = new LayerVersionRecord
            {
                LayerName = name,
                Version = number,
                Description = description,
                CompatibleRuntimes = [.. runtimes],
                CompatibleArchitectures = [.. architectures],
                LicenseInfo = license,
                CodeId = stored!.CodeId,
                CodeSha256 = stored.Sha256,
                CodeSize = stored.Size,
                CreatedDate = control.Now,
            };
            await control.Store.PutAsync(layer, request.Aborted).ConfigureAwait(false);
        }
        await WriteAsync(request, StatusCodes.Status201Created, layer).ConfigureAwait(false);
    }

    public Task GetAsync(LambdaRequest request, string layerNameOrArn, string version)
    {
        var name = LayerName(layerNameOrArn);
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            throw LambdaException.Validation("versionNumber", version, "Member must be a number");
        return WriteAsync(request, StatusCodes.Status200OK, Require(name, number));
    }

    public Task GetByArnAsync(LambdaRequest request)
    {
        var arn = request.Query("Arn") ?? throw LambdaException.Validation("arn", "null", "Member must not be null");
        var parts = arn.Split(':');
        if (!parts.IsLayerVersionArn())
            throw LambdaException.Validation("arn", arn, "Member must satisfy regular expression pattern: arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+");
        return WriteAsync(request, StatusCodes.Status200OK, Require(parts[6], int.Parse(parts[7], CultureInfo.InvariantCulture)));
    }

    public Task ListLayersAsync(LambdaRequest request)
    {
        var runtime = request.Query("CompatibleRuntime");
        var architecture = request.Query("CompatibleArchitecture");
        var latest = control.Store.LayerVersions()
            .Where(l => !l.Deleted && Matches(l, runtime, architecture))
            .GroupBy(l => l.LayerName, StringComparer.Ordinal)
            .Select(g => g.MaxBy(l => l.Version)!)
            .OrderBy(l => l.LayerName, StringComparer.Ordinal)
            .ToList();
        var (page, next) = VersionOperations.Page(request, latest, l => l.LayerName);
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            if (next is not null)
                json.WriteString("NextMarker", next);
            json.WriteStartArray("Layers");
            foreach (var layer in page)
            {
                json.WriteStartObject();
                json.WriteString("LayerName", layer.LayerName);
                json.WriteString("LayerArn", control.LayerArn(layer.LayerName));
                json.WritePropertyName("LatestMatchingVersion");
                ConfigurationWriter.WriteLayerVersion(json, layer, control.LayerArn(layer.LayerName), null);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    public Task ListVersionsAsync(LambdaRequest request, string layerNameOrArn)
    {
        var name = LayerName(layerNameOrArn);
        var runtime = request.Query("CompatibleRuntime");
        var architecture = request.Query("CompatibleArchitecture");
        var versions = control.Store.LayerVersions()
            .Where(l => l.LayerName == name && !l.Deleted && Matches(l, runtime, architecture))
            .OrderByDescending(l => l.Version)
            .ToList();
        var (page, next) = VersionOperations.Page(request, versions, l => l.Version.ToString(CultureInfo.InvariantCulture));
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            if (next is not null)
                json.WriteString("NextMarker", next);
            json.WriteStartArray("LayerVersions");
            foreach (var layer in page)
                ConfigurationWriter.WriteLayerVersion(json, layer, control.LayerArn(layer.LayerName), null);
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    public async Task DeleteAsync(LambdaRequest request, string layerNameOrArn, string version)
    {
        var name = LayerName(layerNameOrArn);
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            throw LambdaException.Validation("versionNumber", version, "Member must be a number");
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            // Lambda answers 204 for a version that does not exist too.
            if (control.Store.LayerVersion(name, number) is { Deleted: false } layer)
                await control.Store.PutAsync(layer with { Deleted = true }, request.Aborted).ConfigureAwait(false);
        }
        request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private LayerVersionRecord Require(string name, int version) =>
        control.Store.LayerVersion(name, version) is { Deleted: false } layer ? layer
        : throw LambdaException.NotFound("The resource you requested does not exist.");

    private static bool Matches(LayerVersionRecord layer, string? runtime, string? architecture) =>
        (runtime is null || layer.CompatibleRuntimes.Contains(runtime)) && (architecture is null || layer.CompatibleArchitectures.Contains(architecture));

    private static string LayerName(string nameOrArn)
    {
        var parts = nameOrArn.Split(':');
        var name = parts is ["arn", _, "lambda", _, _, "layer", var n] ? n : nameOrArn;
        if (name.Length is 0 or > 140 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw LambdaException.Validation("layerName", nameOrArn, "Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+");
        return name;
    }

    private Task WriteAsync(LambdaRequest request, int status, LayerVersionRecord layer) =>
        LambdaResponses.WriteJsonAsync(request.Context, status, json =>
            ConfigurationWriter.WriteLayerVersion(json, layer, control.LayerArn(layer.LayerName), FunctionControlOperations.CodeLocation(request, layer.CodeId)));
}
