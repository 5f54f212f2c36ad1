using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.Lambda;

/// <summary>CreateFunction, UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction and the
/// reads of functions created through the API. Everything is validated before anything is stored:
/// a refused request leaves no function, no code and no registration behind.</summary>
internal sealed class FunctionControlOperations(ControlPlane control)
{
    public async Task CreateAsync(LambdaRequest request)
    {
        var body = LambdaJson.ParseObject(request.Body);
        var name = FunctionRules.NewFunctionName(LambdaJson.String(body, "FunctionName")
            ?? throw LambdaException.Validation("functionName", "null", "Member must not be null"));
        var role = FunctionRules.Role(LambdaJson.String(body, "Role") ?? throw LambdaException.Validation("role", "null", "Member must not be null"));
        if (LambdaJson.String(body, "PackageType") is { } packageType && packageType != "Zip")
        {
            if (packageType != "Image")
                throw LambdaException.Validation("packageType", packageType, "Member must satisfy enum value set: [Zip, Image]");
            throw LambdaException.InvalidParameter("PackageType Image is not supported by this platform: it runs zip packages natively (no containers).");
        }
        var codeMember = LambdaJson.Object(body, "Code") ?? throw LambdaException.Validation("code", "null", "Member must not be null");
        var runtime = LambdaJson.String(body, "Runtime");
        var handler = LambdaJson.String(body, "Handler");
        if (runtime is null || handler is null)
            throw LambdaException.InvalidParameter("Runtime and Handler are mandatory parameters for functions created with deployment packages.");

        var now = control.Now;
        var draft = new FunctionVersionRecord
        {
            Name = name,
            Runtime = FunctionRules.Runtime(runtime),
            Handler = FunctionRules.Handler(handler),
            Role = role,
            RevisionId = ControlPlane.NewRevision(),
            LastModified = now,
        };
        draft = ApplyConfiguration(draft, body);
        var tags = Tags(body);
        var publish = LambdaJson.Bool(body, "Publish") ?? false;

        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            if (control.Store.Function(name) is not null || control.Functions.All.Any(f => f.Name == name))
                throw LambdaException.Conflict($"Function already exist: {name}");

            // Last, as it writes: every member above is valid by now.
            var (stored, hotReload) = await control.ReadCodeAsync(codeMember, allowHotReload: true, "CreateFunction", request.Aborted).ConfigureAwait(false);
            var latest = WithCode(draft, stored, hotReload);
            var function = new FunctionRecord { Name = name, Tags = tags };
            try
            {
                if (publish)
                {
                    function = function with { LastVersion = 1 };
                    await control.Store.PutAsync(latest with { Version = "1", RevisionId = ControlPlane.NewRevision() }, request.Aborted).ConfigureAwait(false);
                }
                await control.Store.PutAsync(latest, request.Aborted).ConfigureAwait(false);
                await control.Store.PutAsync(function, request.Aborted).ConfigureAwait(false);
            }
            catch
            {
                await control.Store.DeleteFunctionAsync(name, CancellationToken.None).ConfigureAwait(false);
                if (stored is not null)
                    control.Code.Delete(stored.CodeId);
                throw;
            }
            control.ActivateLater(name, FunctionState.Pending);
            var answered = publish ? control.Store.Version(name, "1")! : latest;
            await WriteConfigurationAsync(request, StatusCodes.Status201Created, answered, FunctionState.Pending).ConfigureAwait(false);
        }
    }

    public async Task UpdateCodeAsync(LambdaRequest request, string nameOrArn)
    {
        var body = LambdaJson.ParseObject(request.Body);
        if (LambdaJson.String(body, "ImageUri") is not null)
            throw LambdaException.InvalidParameter("Please don't provide ImageUri when updating a function with packageType Zip.");
        var publish = LambdaJson.Bool(body, "Publish") ?? false;
        var dryRun = LambdaJson.Bool(body, "DryRun") ?? false;
        var architectures = Architectures(body);
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = control.Require(nameOrArn);
            EnsureNotBusy(function.Name);
            var latest = control.Store.Version(function.Name, "$LATEST")!;
            CheckRevision(body, latest.RevisionId);
            var (stored, hotReload) = await control.ReadCodeAsync(body, allowHotReload: true, "UpdateFunctionCode", request.Aborted).ConfigureAwait(false);
            if (dryRun)
            {
                if (stored is not null)
                    control.Code.Delete(stored.CodeId);
                await WriteConfigurationAsync(request, StatusCodes.Status200OK, latest, control.Registrar.StateOf(function.Name)).ConfigureAwait(false);
                return;
            }
            var updated = WithCode(latest, stored, hotReload) with
            {
                RevisionId = ControlPlane.NewRevision(),
                LastModified = control.Now,
                Architectures = architectures ?? latest.Architectures,
            };
            await control.Store.PutAsync(updated, request.Aborted).ConfigureAwait(false);
            var answered = publish ? await VersionOperations.PublishAsync(control, function.Name, null, request.Aborted).ConfigureAwait(false) : updated;
            // The old code folder stays: invocations running from it finish there (collected at the next start).
            control.ActivateLater(function.Name, FunctionState.Updating);
            await WriteConfigurationAsync(request, StatusCodes.Status200OK, answered, FunctionState.Updating).ConfigureAwait(false);
        }
    }

    public async Task UpdateConfigurationAsync(LambdaRequest request, string nameOrArn)
    {
        var body = LambdaJson.ParseObject(request.Body);
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = control.Require(nameOrArn);
            EnsureNotBusy(function.Name);
            var latest = control.Store.Version(function.Name, "$LATEST")!;
            CheckRevision(body, latest.RevisionId);
            var updated = ApplyConfiguration(latest, body);
            if (LambdaJson.String(body, "Role") is { } role)
                updated = updated with { Role = FunctionRules.Role(role) };
            if (LambdaJson.String(body, "Runtime") is { } runtime)
                updated = updated with { Runtime = FunctionRules.Runtime(runtime) };
            if (LambdaJson.String(body, "Handler") is { } handler)
                updated = updated with { Handler = FunctionRules.Handler(handler) };
            updated = updated with { RevisionId = ControlPlane.NewRevision(), LastModified = control.Now };
            await control.Store.PutAsync(updated, request.Aborted).ConfigureAwait(false);
            control.ActivateLater(function.Name, FunctionState.Updating);
            await WriteConfigurationAsync(request, StatusCodes.Status200OK, updated, FunctionState.Updating).ConfigureAwait(false);
        }
    }

    public async Task DeleteAsync(LambdaRequest request, string nameOrArn)
    {
        var qualifier = ControlPlane.Qualifier(request, nameOrArn);
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = control.Require(nameOrArn);
            if (qualifier is null)
            {
                var qualifiers = control.Store.Versions(function.Name).Select(v => v.Version)
                    .Concat(control.Store.Aliases(function.Name).Select(a => a.Name)).ToList();
                await control.Store.DeleteFunctionAsync(function.Name, request.Aborted).ConfigureAwait(false);
                await control.Registrar.RemoveAsync(function.Name, qualifiers, request.Aborted).ConfigureAwait(false);
            }
            else
            {
                if (qualifier == "$LATEST")
                    throw LambdaException.InvalidParameter("$LATEST version cannot be deleted without deleting the function.");
                if (control.Store.Version(function.Name, qualifier) is null)
                    throw LambdaException.NotFound($"Function not found: {control.ArnOf(function.Name)}:{qualifier}");
                if (control.Store.Aliases(function.Name).FirstOrDefault(a => a.FunctionVersion == qualifier) is { } alias)
                    throw LambdaException.Conflict($"Unable to delete version because the following aliases reference it: [{alias.Name}]");
                await control.Store.DeleteVersionAsync(function.Name, qualifier, request.Aborted).ConfigureAwait(false);
                await control.Registrar.RemoveQualifierAsync(function.Name, qualifier, request.Aborted).ConfigureAwait(false);
            }
        }
        request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>GetFunction for an API function: Configuration, Code (a download on the edge port),
    /// Tags and the reserved concurrency.</summary>
    public Task GetAsync(LambdaRequest request, FunctionRecord function, string? qualifier)
    {
        var version = control.Version(function.Name, qualifier);
        var location = version.CodeId is { } codeId ? CodeLocation(request, codeId) : null;
        var state = StateOf(version);
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("Configuration");
            ConfigurationWriter.Write(json, version, state, FunctionArn(version, qualifier), control.Layers(version));
            json.WriteStartObject("Code");
            json.WriteString("RepositoryType", "S3");
            json.WriteString("Location", location ?? new Uri(version.HotReloadFolder!).AbsoluteUri);
            json.WriteEndObject();
            if (qualifier is null)
            {
                json.WriteStartObject("Tags");
                foreach (var (key, value) in function.Tags)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            if (function.ReservedConcurrency is { } reserved)
            {
                json.WriteStartObject("Concurrency");
                json.WriteNumber("ReservedConcurrentExecutions", reserved);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        });
    }

    public Task GetConfigurationAsync(LambdaRequest request, FunctionRecord function, string? qualifier)
    {
        var version = control.Version(function.Name, qualifier);
        return WriteConfigurationAsync(request, StatusCodes.Status200OK, version, StateOf(version), qualifier);
    }

    public void WriteListed(Utf8JsonWriter json, FunctionRecord function)
    {
        var latest = control.Store.Version(function.Name, "$LATEST")!;
        ConfigurationWriter.Write(json, latest, control.Registrar.StateOf(function.Name), control.ArnOf(function.Name), control.Layers(latest));
    }

    /// <summary>A published version as ListFunctions' <c>FunctionVersion=ALL</c> lists it (ARN qualified by it).</summary>
    public void WriteListed(Utf8JsonWriter json, FunctionVersionRecord version) =>
        ConfigurationWriter.Write(json, version, StateOf(version), FunctionArn(version, null), control.Layers(version));

    /// <summary>GET /2015-03-31/code/{id}.zip: the zip as uploaded (Code.Location, layer Content.Location).</summary>
    public async Task DownloadAsync(LambdaRequest request, string file)
    {
        var id = file.EndsWith(".zip", StringComparison.Ordinal) ? file[..^4] : file;
        if (id.Length != 32 || !id.All(Uri.IsHexDigit) || !File.Exists(control.Code.ZipPath(id)))
            throw LambdaException.NotFound("The resource you requested does not exist.");
        request.Context.Response.ContentType = "application/zip";
        await request.Context.Response.SendFileAsync(control.Code.ZipPath(id), request.Aborted).ConfigureAwait(false);
    }

    public static string CodeLocation(LambdaRequest request, string codeId) =>
        $"{request.Context.Request.Scheme}://{request.Context.Request.Host}/2015-03-31/code/{codeId}.zip";

    private FunctionState StateOf(FunctionVersionRecord version) =>
        version.Version == "$LATEST" ? control.Registrar.StateOf(version.Name) : FunctionState.Active;

    /// <summary>As Lambda answers: qualified by what was asked for, else by the version it is.</summary>
    private string FunctionArn(FunctionVersionRecord version, string? qualifier) =>
        qualifier is not null ? $"{control.ArnOf(version.Name)}:{qualifier}"
        : version.Version == "$LATEST" ? control.ArnOf(version.Name)
        : $"{control.ArnOf(version.Name)}:{version.Version}";

    private Task WriteConfigurationAsync(LambdaRequest request, int status, FunctionVersionRecord version, FunctionState state, string? qualifier = null) =>
        LambdaResponses.WriteJsonAsync(request.Context, status, json =>
            ConfigurationWriter.Write(json, version, version.Version == "$LATEST" ? state : FunctionState.Active,
                FunctionArn(version, qualifier), control.Layers(version)));

    /// <summary>Lambda refuses a change while the previous one is being applied (clients wait for
    /// LastUpdateStatus Successful, as the aws CLI's function-updated-v2 waiter does).</summary>
    private void EnsureNotBusy(string name)
    {
        var state = control.Registrar.StateOf(name);
        if (state.State == "Pending")
            throw LambdaException.Conflict($"The operation cannot be performed at this time. The function is currently in the following state: {state.State}");
        if (state.LastUpdateStatus == "InProgress")
            throw LambdaException.Conflict($"The operation cannot be performed at this time. An update is in progress for resource: {control.ArnOf(name)}");
    }

    private static void CheckRevision(JsonElement body, string current)
    {
        if (LambdaJson.String(body, "RevisionId") is { } expected && expected != current)
            throw new LambdaException(412, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
    }

    private static FunctionVersionRecord WithCode(FunctionVersionRecord version, StoredCode? stored, string? hotReload) =>
        stored is not null
            ? version with { CodeId = stored.CodeId, HotReloadFolder = null, CodeSha256 = stored.Sha256, CodeSize = stored.Size }
            : version with { CodeId = null, HotReloadFolder = hotReload, CodeSha256 = "hot-reloading-hash-not-available", CodeSize = 0 };

    /// <summary>The members CreateFunction and UpdateFunctionConfiguration share; absent ones keep.</summary>
    private FunctionVersionRecord ApplyConfiguration(FunctionVersionRecord version, JsonElement body)
    {
        if (LambdaJson.String(body, "Description") is { } description)
            version = version with { Description = FunctionRules.Description(description) };
        if (LambdaJson.Int(body, "Timeout", 1, 900) is { } timeout)
            version = version with { Timeout = timeout };
        if (LambdaJson.Int(body, "MemorySize", 128, 10240) is { } memory)
            version = version with { MemorySize = memory };
        if (LambdaJson.Object(body, "EphemeralStorage") is { } ephemeral)
        {
            version = version with
            {
                EphemeralStorage = LambdaJson.Int(ephemeral, "Size", 512, 10240)
                    ?? throw LambdaException.Validation("ephemeralStorage.size", "null", "Member must not be null"),
            };
        }
        if (LambdaJson.Object(body, "Environment") is { } environment)
            version = version with { Environment = FunctionRules.Environment(environment) };
        if (LambdaJson.Strings(body, "Layers") is { } layers)
            version = version with { Layers = control.ValidateLayers(layers) };
        if (LambdaJson.Object(body, "DeadLetterConfig") is { } deadLetter)
        {
            var target = LambdaJson.String(deadLetter, "TargetArn");
            DeadLetterRules.Validate(target);
            version = version with { DeadLetterTarget = target is { Length: > 0 } ? target : null };
        }
        if (LambdaJson.Object(body, "TracingConfig") is { } tracing && LambdaJson.String(tracing, "Mode") is { } mode)
        {
            if (mode is not ("Active" or "PassThrough"))
                throw LambdaException.Validation("tracingConfig.mode", mode, "Member must satisfy enum value set: [Active, PassThrough]");
            version = version with { TracingMode = mode };
        }
        if (Architectures(body) is { } architectures)
            version = version with { Architectures = architectures };
        return version;
    }

    private static List<string>? Architectures(JsonElement body)
    {
        if (LambdaJson.Strings(body, "Architectures") is not { } architectures)
            return null;
        if (architectures.Count != 1 || architectures[0] is not ("x86_64" or "arm64"))
            throw LambdaException.Validation("architectures", string.Join(",", architectures), "Member must have length less than or equal to 1 and satisfy enum value set: [x86_64, arm64]");
        return [.. architectures];
    }

    public static Dictionary<string, string> Tags(JsonElement body)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (LambdaJson.Object(body, "Tags") is not { } members)
            return tags;
        foreach (var member in members.EnumerateObject())
        {
            if (member.Value.ValueKind != JsonValueKind.String)
                throw LambdaException.BadContent($"Could not parse request body into json: Tags.{member.Name} must be a string.");
            tags[member.Name] = member.Value.GetString()!;
        }
        if (tags.Count > 50)
            throw LambdaException.InvalidParameter("Number of tags exceeds resource tag limit.");
        return tags;
    }
}
