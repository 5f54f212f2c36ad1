using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.Lambda;

/// <summary>PublishVersion, ListVersionsByFunction and aliases. A version is an immutable snapshot
/// of $LATEST's code and configuration; an alias names a version. Both are registered in the
/// runtime as functions of their own (<c>name:qualifier</c>), so every trigger can target them.</summary>
internal sealed partial class VersionOperations(ControlPlane control)
{
    public async Task PublishAsync(LambdaRequest request, string nameOrArn)
    {
        var body = LambdaJson.ParseObject(request.Body);
        FunctionVersionRecord published;
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = control.Require(nameOrArn);
            var latest = control.Store.Version(function.Name, "$LATEST")!;
            if (LambdaJson.String(body, "CodeSha256") is { } sha && sha != latest.CodeSha256)
                throw LambdaException.InvalidParameter($"CodeSHA256 ({sha}) is different from current CodeSHA256 in $LATEST ({latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.");
            if (LambdaJson.String(body, "RevisionId") is { } revision && revision != latest.RevisionId)
                throw new LambdaException(412, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
            published = await PublishAsync(control, function.Name, LambdaJson.String(body, "Description"), request.Aborted).ConfigureAwait(false);
            await control.Registrar.ActivateAsync(function.Name, request.Aborted).ConfigureAwait(false);
        }
        await LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status201Created, json =>
            ConfigurationWriter.Write(json, published, FunctionState.Active, $"{control.ArnOf(published.Name)}:{published.Version}", control.Layers(published))).ConfigureAwait(false);
    }

    /// <summary>Snapshots $LATEST as the next version — or answers the last version when $LATEST has
    /// not changed since, as Lambda does. The caller holds the store's lock and registers it.</summary>
    public static async Task<FunctionVersionRecord> PublishAsync(ControlPlane control, string name, string? description, CancellationToken cancellationToken)
    {
        var function = control.Store.Function(name)!;
        var latest = control.Store.Version(name, "$LATEST")!;
        if (control.Store.Version(name, function.LastVersion.ToString(CultureInfo.InvariantCulture)) is { } last && SameSnapshot(last, latest))
            return last;
        var number = function.LastVersion + 1;
        var version = latest with
        {
            Version = number.ToString(CultureInfo.InvariantCulture),
            Description = description ?? latest.Description,
            RevisionId = ControlPlane.NewRevision(),
            LastModified = control.Now,
        };
        await control.Store.PutAsync(version, cancellationToken).ConfigureAwait(false);
        await control.Store.PutAsync(function with { LastVersion = number }, cancellationToken).ConfigureAwait(false);
        return version;
    }

    private static bool SameSnapshot(FunctionVersionRecord a, FunctionVersionRecord b) =>
        a.CodeSha256 == b.CodeSha256 && a.CodeId == b.CodeId && a.HotReloadFolder == b.HotReloadFolder && a.Runtime == b.Runtime
        && a.Handler == b.Handler && a.Role == b.Role && a.Timeout == b.Timeout && a.MemorySize == b.MemorySize
        && a.EphemeralStorage == b.EphemeralStorage && a.DeadLetterTarget == b.DeadLetterTarget && a.TracingMode == b.TracingMode
        && a.Layers.SequenceEqual(b.Layers) && a.Architectures.SequenceEqual(b.Architectures)
        && a.Environment.Count == b.Environment.Count && a.Environment.All(e => b.Environment.TryGetValue(e.Key, out var v) && v == e.Value);

    public Task ListVersionsAsync(LambdaRequest request, string nameOrArn)
    {
        var function = control.Require(nameOrArn);
        var versions = control.Store.Versions(function.Name);
        var (page, next) = Page(request, versions, v => v.Version);
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            if (next is not null)
                json.WriteString("NextMarker", next);
            json.WriteStartArray("Versions");
            foreach (var version in page)
            {
                var state = version.Version == "$LATEST" ? control.Registrar.StateOf(function.Name) : FunctionState.Active;
                ConfigurationWriter.Write(json, version, state, $"{control.ArnOf(function.Name)}:{version.Version}", control.Layers(version));
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    public async Task CreateAliasAsync(LambdaRequest request, string nameOrArn)
    {
        var body = LambdaJson.ParseObject(request.Body);
        var aliasName = AliasName(LambdaJson.String(body, "Name") ?? throw LambdaException.Validation("name", "null", "Member must not be null"));
        var version = LambdaJson.String(body, "FunctionVersion") ?? throw LambdaException.Validation("functionVersion", "null", "Member must not be null");
        AliasRecord alias;
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = control.Require(nameOrArn);
            if (control.Store.Alias(function.Name, aliasName) is not null)
                throw LambdaException.Conflict($"Alias already exists: {control.ArnOf(function.Name)}:{aliasName}");
            RequireVersion(function.Name, version);
            alias = new AliasRecord
            {
                FunctionName = function.Name,
                Name = aliasName,
                FunctionVersion = version,
                Description = LambdaJson.String(body, "Description") is { } description ? FunctionRules.Description(description) : "",
                AdditionalVersionWeights = Weights(body, function.Name),
                RevisionId = ControlPlane.NewRevision(),
            };
            await control.Store.PutAsync(alias, request.Aborted).ConfigureAwait(false);
            await control.Registrar.ActivateAsync(function.Name, request.Aborted).ConfigureAwait(false);
        }
        await WriteAliasAsync(request, StatusCodes.Status201Created, alias).ConfigureAwait(false);
    }

    public Task GetAliasAsync(LambdaRequest request, string nameOrArn, string aliasName)
    {
        var function = control.Require(nameOrArn);
        return WriteAliasAsync(request, StatusCodes.Status200OK, RequireAlias(function.Name, aliasName));
    }

    public async Task UpdateAliasAsync(LambdaRequest request, string nameOrArn, string aliasName)
    {
        var body = LambdaJson.ParseObject(request.Body);
        AliasRecord alias;
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = control.Require(nameOrArn);
            alias = RequireAlias(function.Name, aliasName);
            if (LambdaJson.String(body, "RevisionId") is { } revision && revision != alias.RevisionId)
                throw new LambdaException(412, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
            if (LambdaJson.String(body, "FunctionVersion") is { } version)
            {
                RequireVersion(function.Name, version);
                alias = alias with { FunctionVersion = version };
            }
            if (LambdaJson.String(body, "Description") is { } description)
                alias = alias with { Description = FunctionRules.Description(description) };
            if (LambdaJson.Object(body, "RoutingConfig") is not null)
                alias = alias with { AdditionalVersionWeights = Weights(body, function.Name) };
            alias = alias with { RevisionId = ControlPlane.NewRevision() };
            await control.Store.PutAsync(alias, request.Aborted).ConfigureAwait(false);
            await control.Registrar.ActivateAsync(function.Name, request.Aborted).ConfigureAwait(false);
        }
        await WriteAliasAsync(request, StatusCodes.Status200OK, alias).ConfigureAwait(false);
    }

    public async Task DeleteAliasAsync(LambdaRequest request, string nameOrArn, string aliasName)
    {
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = control.Require(nameOrArn);
            if (control.Store.Alias(function.Name, aliasName) is not null)
            {
                await control.Store.DeleteAliasAsync(function.Name, aliasName, request.Aborted).ConfigureAwait(false);
                await control.Registrar.RemoveQualifierAsync(function.Name, aliasName, request.Aborted).ConfigureAwait(false);
            }
        }
        request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public Task ListAliasesAsync(LambdaRequest request, string nameOrArn)
    {
        var function = control.Require(nameOrArn);
        var version = request.Query("FunctionVersion");
        var aliases = control.Store.Aliases(function.Name).Where(a => version is null || a.FunctionVersion == version).ToList();
        var (page, next) = Page(request, aliases, a => a.Name);
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            if (next is not null)
                json.WriteString("NextMarker", next);
            json.WriteStartArray("Aliases");
            foreach (var alias in page)
                ConfigurationWriter.WriteAlias(json, alias, control.ArnOf(function.Name));
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>Marker is the last item of the previous page (by the list's own order).</summary>
    public static (IReadOnlyList<T> Page, string? Next) Page<T>(LambdaRequest request, IReadOnlyList<T> items, Func<T, string> key)
    {
        var maxItems = 50;
        if (request.Query("MaxItems") is { } max
            && (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out maxItems) || maxItems is < 1 or > 10000))
        {
            throw LambdaException.Validation("maxItems", max, "Member must have value between 1 and 10000");
        }
        var start = 0;
        if (request.Query("Marker") is { Length: > 0 } marker)
        {
            var index = items.Select(key).ToList().IndexOf(marker);
            if (index < 0)
                throw LambdaException.InvalidParameter($"Invalid marker: {marker}");
            start = index + 1;
        }
        var page = items.Skip(start).Take(maxItems).ToList();
        return (page, start + page.Count < items.Count ? key(page[^1]) : null);
    }

    private void RequireVersion(string name, string version)
    {
        if (control.Store.Version(name, version) is null)
            throw LambdaException.NotFound($"Function not found: {control.ArnOf(name)}:{version}");
    }

    private AliasRecord RequireAlias(string name, string alias) =>
        control.Store.Alias(name, alias) ?? throw LambdaException.NotFound($"Alias not found: {control.ArnOf(name)}:{alias}");

    private Dictionary<string, double> Weights(System.Text.Json.JsonElement body, string name)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        if (LambdaJson.Object(body, "RoutingConfig") is not { } routing || LambdaJson.Object(routing, "AdditionalVersionWeights") is not { } members)
            return weights;
        foreach (var member in members.EnumerateObject())
        {
            if (member.Value.ValueKind != System.Text.Json.JsonValueKind.Number || member.Value.GetDouble() is < 0 or > 1)
                throw LambdaException.Validation("routingConfig.additionalVersionWeights", member.Value.ToString(), "Map value must satisfy constraint: [Member must have value between 0.0 and 1.0]");
            RequireVersion(name, member.Name);
            weights[member.Name] = member.Value.GetDouble();
        }
        return weights;
    }

    private static string AliasName(string name) =>
        AliasPattern().IsMatch(name) && name.Length <= 128 && !name.All(char.IsAsciiDigit) ? name
        : throw LambdaException.Validation("name", name, "Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");

    private Task WriteAliasAsync(LambdaRequest request, int status, AliasRecord alias) =>
        LambdaResponses.WriteJsonAsync(request.Context, status, json => ConfigurationWriter.WriteAlias(json, alias, control.ArnOf(alias.FunctionName)));

    [GeneratedRegex("^[a-zA-Z0-9-_]+$")]
    private static partial Regex AliasPattern();
}
