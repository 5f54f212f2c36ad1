using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Runtime;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Tests.Runtime.Managed;

/// <summary>The runtime with functions whose code folders a test writes (one temporary folder each).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ManagedRuntimeHost : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly List<DirectoryInfo> _folders = [];
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("managed-state-");

    public ManagedRuntimeHost()
    {
        Services = new ServiceCollection()
            .AddPlatformRuntime(new RuntimeOptions { WatchFunctionCode = false, StateDirectory = _state.FullName })
            .BuildServiceProvider();
    }

    public ServiceProvider Services { get; }

    public string StateDirectory => _state.FullName;

    public FunctionRegistry Registry => Services.GetRequiredService<FunctionRegistry>();

    public string Code(params (string Path, string Text)[] files)
    {
        var folder = Directory.CreateTempSubdirectory("managed-code-");
        _folders.Add(folder);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(folder.FullName, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        return folder.FullName;
    }

    public FunctionDefinition Add(string name, string runtime, string handler, string code, TimeSpan? timeout = null,
        Dictionary<string, string>? environment = null, IReadOnlyList<string>? layers = null)
    {
        var definition = new FunctionDefinition
        {
            Name = name,
            Runtime = runtime,
            Handler = handler,
            CodeDirectory = code,
            MemorySize = 256,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            Environment = environment ?? [],
            Layers = layers ?? [],
        };
        Registry.AddOrReplace(definition);
        return definition;
    }

    public Task<FunctionInvoked> InvokeAsync(string function, string payload, string? requestId = null) =>
        Services.GetRequiredService<FunctionInvoker>().InvokeAsync(new InvokeFunction
        {
            RequestId = requestId ?? Guid.NewGuid().ToString(),
            FunctionName = function,
            Payload = payload,
            Trigger = "test",
        }, CancellationToken.None).WaitAsync(Wait);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        foreach (var folder in _folders)
            folder.Delete(recursive: true);
        _state.Delete(recursive: true);
    }
}
