using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Functions;
using Platform.Host.Composition;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Host.Lambda;

/// <summary>
/// Makes the functions of the Lambda API runnable exactly like platform.yaml's: each becomes a
/// <see cref="FunctionDefinition"/> in the runtime's registry, the triggers' catalog is refreshed and
/// the bus gets an endpoint for it. <c>$LATEST</c> is registered under the function's name, every
/// published version and alias under <c>name:qualifier</c> — so a qualified ARN in an S3
/// notification or a mapping names a registered function of its own, running that snapshot.
/// </summary>
internal sealed partial class ApiFunctionRegistrar(
    LambdaControlStore store,
    CodeArchive code,
    FunctionRegistry registry,
    FunctionCatalogSource catalog,
    FunctionEndpoints endpoints,
    IServiceProvider services,
    ILogger<ApiFunctionRegistrar> logger)
{
    private readonly Dictionary<string, FunctionState> _states = new(StringComparer.Ordinal);

    /// <summary>At start, before the bus is built (its endpoints are the registry's functions):
    /// every stored function, version and alias is registered again.</summary>
    public void Restore()
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in store.LayerVersions())
            referenced.Add(layer.CodeId);
        foreach (var function in store.Functions)
        {
            foreach (var version in store.Versions(function.Name))
            {
                if (version.CodeId is { } id)
                    referenced.Add(id);
            }
            var problem = RegisterAll(function.Name);
            SetState(function.Name, problem is null ? FunctionState.Active : FunctionState.Failed(problem));
        }
        code.Collect(referenced);
        catalog.Refresh();
    }

    public FunctionState StateOf(string name)
    {
        lock (_states)
            return _states.GetValueOrDefault(name, FunctionState.Active);
    }

    public void SetState(string name, FunctionState state)
    {
        lock (_states)
            _states[name] = state;
    }

    /// <summary>Registers (or re-registers) a function's $LATEST, versions and aliases as the store
    /// holds them, then connects their endpoints. The state says whether it worked.</summary>
    public async Task ActivateAsync(string name, CancellationToken cancellationToken)
    {
        var problem = RegisterAll(name);
        catalog.Refresh();
        try
        {
            await ReconcileEndpointsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            problem ??= $"Connecting the function's dispatch endpoint failed: {e.Message}";
        }
        if (problem is not null)
            LogActivationFailed(logger, name, problem);
        SetState(name, problem is null ? FunctionState.Active : FunctionState.Failed(problem));
    }

    /// <summary>Takes a function and everything registered for it out of the runtime.</summary>
    public async Task RemoveAsync(string name, IEnumerable<string> qualifiers, CancellationToken cancellationToken)
    {
        registry.Remove(name);
        foreach (var qualifier in qualifiers)
            registry.Remove(RegistryName(name, qualifier));
        catalog.Refresh();
        lock (_states)
            _states.Remove(name);
        await ReconcileEndpointsAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveQualifierAsync(string name, string qualifier, CancellationToken cancellationToken)
    {
        registry.Remove(RegistryName(name, qualifier));
        catalog.Refresh();
        await ReconcileEndpointsAsync(cancellationToken).ConfigureAwait(false);
    }

    public static string RegistryName(string name, string qualifier) => qualifier == "$LATEST" ? name : $"{name}:{qualifier}";

    private string? RegisterAll(string name)
    {
        if (store.Function(name) is not { } function || store.Version(name, "$LATEST") is not { } latest)
            return null;
        try
        {
            Register(Definition(function, latest, name));
            foreach (var version in store.Versions(name).Where(v => v.Version != "$LATEST"))
                Register(Definition(function, version, RegistryName(name, version.Version)));
            foreach (var alias in store.Aliases(name))
            {
                if (store.Version(name, alias.FunctionVersion) is { } target)
                    Register(Definition(function, target, RegistryName(name, alias.Name)));
            }
            return null;
        }
        catch (FunctionLoadException e)
        {
            return e.Message;
        }
    }

    /// <summary>Only what changed is registered again: replacing a definition retires its warm processes.</summary>
    private void Register(FunctionDefinition definition)
    {
        if (registry.Find(definition.Name) is { } current && Same(current, definition))
            return;
        registry.AddOrReplace(definition);
    }

    private static bool Same(FunctionDefinition a, FunctionDefinition b) =>
        a.Runtime == b.Runtime && a.Handler == b.Handler && a.CodeDirectory == b.CodeDirectory && a.Timeout == b.Timeout
        && a.MemorySize == b.MemorySize && a.EphemeralStorageMb == b.EphemeralStorageMb && a.Concurrency == b.Concurrency
        && a.Async.OnFailureDestination == b.Async.OnFailureDestination && a.Async.DeadLetterTarget == b.Async.DeadLetterTarget
        && a.FunctionName == b.FunctionName && a.Version == b.Version && a.Layers.SequenceEqual(b.Layers)
        && a.Environment.Count == b.Environment.Count && a.Environment.All(e => b.Environment.TryGetValue(e.Key, out var v) && v == e.Value);

    public FunctionDefinition Definition(FunctionRecord function, FunctionVersionRecord version, string registryName) => new()
    {
        Name = registryName,
        FunctionName = function.Name,
        Version = version.Version,
        Runtime = version.Runtime,
        Handler = version.Handler,
        CodeDirectory = version.HotReloadFolder ?? code.ExtractedPath(version.CodeId!),
        Layers = [.. version.Layers.Select(LayerFolder).OfType<string>()],
        Timeout = TimeSpan.FromSeconds(version.Timeout),
        MemorySize = version.MemorySize,
        EphemeralStorageMb = version.EphemeralStorage,
        Environment = new Dictionary<string, string>(version.Environment, StringComparer.Ordinal),
        // Reserved concurrency 0 throttles every invocation before it reaches the runtime.
        Concurrency = function.ReservedConcurrency is { } reserved ? Math.Max(1, reserved) : new FunctionDefinition { Name = "" }.Concurrency,
        Async = new AsyncInvokeConfig { DeadLetterTarget = version.DeadLetterTarget },
    };

    private string? LayerFolder(string layerVersionArn)
    {
        var parts = layerVersionArn.Split(':');
        if (parts.Length != 8 || !int.TryParse(parts[7], out var number))
            return null;
        return store.LayerVersion(parts[6], number) is { } layer ? code.ExtractedPath(layer.CodeId) : null;
    }

    private Task ReconcileEndpointsAsync(CancellationToken cancellationToken) =>
        services.GetService<IReceiveEndpointConnector>() is { } connector
            ? endpoints.ReconcileAsync(connector, registry.Definitions, cancellationToken)
            : Task.CompletedTask;

    [LoggerMessage(EventId = 540, Level = LogLevel.Warning, Message = "Function {Function} created through the Lambda API cannot run: {Problem}")]
    private static partial void LogActivationFailed(ILogger logger, string function, string problem);
}
