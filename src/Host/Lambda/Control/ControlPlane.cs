using System.Text.Json;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Storage.Engine;

namespace Platform.Host.Lambda;

/// <summary>What the control-plane operations share: finding API functions and their versions by
/// any name Lambda accepts, reading code (a zip, an S3 object, a hot-reload folder), ARNs, and
/// applying a change to the runtime in the background while the function reports Pending/InProgress.</summary>
internal sealed partial class ControlPlane(
    LambdaControlStore store,
    CodeArchive code,
    ApiFunctionRegistrar registrar,
    LambdaFunctions functions,
    StorageEngine storage,
    TimeProvider time,
    ILogger<ControlPlane> logger)
{
    public const string HotReloadBucket = "hot-reload";

    public LambdaControlStore Store => store;
    public CodeArchive Code => code;
    public ApiFunctionRegistrar Registrar => registrar;
    public LambdaFunctions Functions => functions;
    public DateTimeOffset Now => time.GetUtcNow();

    public string ArnOf(string name) => functions.ArnOf(name);

    public string LayerArn(string layerName) => $"arn:aws:lambda:{functions.Region}:{functions.AccountId}:layer:{layerName}";

    public static string NewRevision() => Guid.NewGuid().ToString();

    /// <summary>The API function a name (any form) names, or null when it is no API function.</summary>
    public FunctionRecord? Find(string nameOrArn) => store.Function(LambdaFunctions.ParseName(nameOrArn).Name);

    public FunctionRecord Require(string nameOrArn)
    {
        var name = LambdaFunctions.ParseName(nameOrArn).Name;
        if (store.Function(name) is { } function)
            return function;
        if (functions.All.Any(f => f.Name == name))
            throw LambdaException.InvalidParameter($"The function {name} is declared in platform.yaml (or in code): change it there; this operation is for functions created through the Lambda API.");
        throw LambdaException.NotFound($"Function not found: {ArnOf(name)}");
    }

    /// <summary>The version record a qualifier names ($LATEST, a number or an alias), and the
    /// version it resolves to.</summary>
    public FunctionVersionRecord Version(string name, string? qualifier)
    {
        qualifier ??= "$LATEST";
        if (store.Version(name, qualifier) is { } version)
            return version;
        if (store.Alias(name, qualifier) is { } alias && store.Version(name, alias.FunctionVersion) is { } target)
            return target;
        throw LambdaException.NotFound($"Function not found: {ArnOf(name)}:{qualifier}");
    }

    /// <summary>A qualifier from the name or the Qualifier query member; both given must agree.</summary>
    public static string? Qualifier(LambdaRequest request, string nameOrArn)
    {
        var fromName = LambdaFunctions.ParseName(nameOrArn).Qualifier;
        var fromQuery = request.Query("Qualifier");
        if (fromName is not null && fromQuery is not null && fromName != fromQuery)
            throw LambdaException.InvalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
        return fromQuery ?? fromName;
    }

    public IReadOnlyList<(string Arn, long Size)> Layers(FunctionVersionRecord version) =>
        [.. version.Layers.Select(arn => (arn, LayerOf(arn)?.CodeSize ?? 0))];

    public LayerVersionRecord? LayerOf(string layerVersionArn)
    {
        var parts = layerVersionArn.Split(':');
        return parts is ["arn", _, "lambda", _, _, "layer", var name, var number] && int.TryParse(number, out var version)
            ? store.LayerVersion(name, version)
            : null;
    }

    /// <summary>Layers checked as Lambda does: at most 5, each an existing layer version.</summary>
    public List<string> ValidateLayers(IReadOnlyList<string> layers)
    {
        if (layers.Count > 5)
            throw LambdaException.InvalidParameter("Cannot reference more than 5 layers.");
        foreach (var arn in layers)
        {
            if (!arn.Split(':').IsLayerVersionArn())
                throw LambdaException.Validation("layers", arn, "Member must satisfy constraint: [Member must satisfy regular expression pattern: arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+]");
            // A deleted version keeps working for the functions that already use it, not for new ones.
            if (LayerOf(arn) is not { Deleted: false })
                throw LambdaException.InvalidParameter($"Layer version {arn} does not exist.");
        }
        return [.. layers];
    }

    /// <summary>The code of a CreateFunction / UpdateFunctionCode / PublishLayerVersion request:
    /// stored and extracted (or a hot-reload folder, when allowed), with Lambda's errors.</summary>
    public async Task<(StoredCode? Stored, string? HotReloadFolder)> ReadCodeAsync(JsonElement member, bool allowHotReload, string operation,
        CancellationToken cancellationToken)
    {
        var zipFile = LambdaJson.String(member, "ZipFile");
        var bucket = LambdaJson.String(member, "S3Bucket");
        var key = LambdaJson.String(member, "S3Key");
        if (LambdaJson.String(member, "ImageUri") is not null)
            throw LambdaException.InvalidParameter("Please don't provide ImageUri when updating a function with packageType Zip.");
        if (zipFile is not null && bucket is not null)
            throw LambdaException.InvalidParameter("Please do not provide other FunctionCode parameters when providing a ZipFile.");
        if (zipFile is not null)
        {
            byte[] zip;
            try
            {
                zip = Convert.FromBase64String(zipFile);
            }
            catch (FormatException)
            {
                throw LambdaException.BadContent("Could not parse request body into json: ZipFile is not valid base64.");
            }
            if (zip.LongLength > CodeArchive.MaxDirectUploadBytes)
                throw TooLarge(operation);
            return (code.Store(zip), null);
        }
        if (bucket is null || key is null)
            throw LambdaException.InvalidParameter("Please provide a source for function code.");
        if (bucket == HotReloadBucket && allowHotReload)
        {
            if (!Path.IsPathFullyQualified(key) || !Directory.Exists(key))
                throw LambdaException.InvalidParameter($"The hot-reload folder {key} must be an absolute path of an existing folder on this machine.");
            return (null, Path.GetFullPath(key));
        }
        byte[] bytes;
        try
        {
            await using var content = storage.OpenObject(bucket, key);
            if (content.Body.Length > CodeArchive.MaxUnzippedBytes)
                throw LambdaException.InvalidParameter($"Unzipped size must be smaller than {CodeArchive.MaxUnzippedBytes} bytes");
            bytes = new byte[content.Body.Length];
            await content.Body.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e)
        {
            throw LambdaException.InvalidParameter($"Error occurred while GetObject. S3 Error Code: {e.Code}. S3 Error Message: {e.Message}");
        }
        return (code.Store(bytes), null);
    }

    public static LambdaException TooLarge(string operation) =>
        new(413, "RequestEntityTooLargeException", $"Request must be smaller than {LambdaApi.MaxCodeRequestBytes} bytes for the {operation} operation");

    /// <summary>Applies the store's version of a function to the runtime after the answer: the
    /// function reports <paramref name="busy"/> until it is done.</summary>
    public void ActivateLater(string name, FunctionState busy)
    {
        registrar.SetState(name, busy);
        _ = Task.Run(async () =>
        {
            try
            {
                using (await store.LockAsync(CancellationToken.None).ConfigureAwait(false))
                    await registrar.ActivateAsync(name, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogActivationCrashed(logger, e, name);
                registrar.SetState(name, FunctionState.Failed(e.Message));
            }
        });
    }

    [LoggerMessage(EventId = 541, Level = LogLevel.Error, Message = "Applying function {Function} to the runtime failed")]
    private static partial void LogActivationCrashed(ILogger logger, Exception error, string function);
}
