namespace Platform.Contracts.Functions;

/// <summary>A function as platform.yaml (or code) declares it. Runtime uses it to load and run the
/// function; Triggers use it for timeouts and the async invocation rules.</summary>
public sealed record FunctionDefinition
{
    /// <summary>The name the function is registered (and invoked) under: a version or alias of a
    /// Lambda API function is registered as <c>name:qualifier</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Lambda's function name without a qualifier (AWS_LAMBDA_FUNCTION_NAME); null: <see cref="Name"/>.</summary>
    public string? FunctionName { get; init; }

    /// <summary>The version this definition runs (AWS_LAMBDA_FUNCTION_VERSION, executedVersion).</summary>
    public string Version { get; init; } = "$LATEST";

    /// <summary><c>dotnet</c> (an assembly, loaded in-process unless <see cref="Isolation"/> says
    /// <c>process</c>), <c>process</c> (any executable speaking the Lambda Runtime API, <see cref="Command"/>),
    /// or one of Lambda's managed runtime identifiers (<c>python3.12</c>, <c>nodejs20.x</c>,
    /// <c>provided.al2023</c>, <c>dotnet8</c>, …) run natively with <see cref="Handler"/> and <see cref="CodeDirectory"/>.</summary>
    public string Runtime { get; init; } = "dotnet";

    /// <summary>For <c>process</c>: the executable and its arguments, run in <see cref="CodeDirectory"/>.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>The function's code folder: the working directory and LAMBDA_TASK_ROOT of its
    /// processes, and what is watched for hot reload. Null: the assembly's folder (dotnet).</summary>
    public string? CodeDirectory { get; init; }

    /// <summary>For <c>dotnet</c>: <c>in-process</c> (default, fastest) or <c>process</c> (its own
    /// process speaking the Runtime API, as Lambda runs it).</summary>
    public string Isolation { get; init; } = "in-process";

    /// <summary>Path of the built assembly (absolute, or relative to the config file's folder).</summary>
    public string? Assembly { get; init; }

    /// <summary>Lambda's .NET handler string: <c>Assembly::Namespace.Type</c> (a type implementing
    /// <c>IFunction&lt;TEvent,TResult&gt;</c>), optionally followed by <c>::Method</c>.</summary>
    public string? Handler { get; init; }

    /// <summary>AWS's default is 3 seconds. It counts from the moment the runtime receives the event;
    /// a new environment's init runs before that, under <see cref="InitLimit"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Lambda's limit on a new execution environment's init phase (10 s on demand).</summary>
    public static readonly TimeSpan InitLimit = TimeSpan.FromSeconds(10);

    /// <summary>Reserved concurrency: at most this many invocations run at once.</summary>
    public int Concurrency { get; init; } = 10;

    public int MemorySize { get; init; } = 128;

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The folders of the function's layers, in Lambda's order: laid out as the function's
    /// <c>/opt</c>, so <c>python/</c> and <c>nodejs/node_modules/</c> inside them are importable.</summary>
    public IReadOnlyList<string> Layers { get; init; } = [];

    /// <summary>Lambda's EphemeralStorage in MB (512–10240): the size of the function's own <c>/tmp</c>.</summary>
    public int EphemeralStorageMb { get; init; } = 512;

    /// <summary>PutFunctionEventInvokeConfig's settings: retries and the on-failure destination.</summary>
    public AsyncInvokeConfig Async { get; init; } = new();

    public string Arn(string region, string accountId) => ArnOf(region, accountId, Name);

    /// <summary>Lambda's function name without a qualifier.</summary>
    public string LambdaName => FunctionName ?? Name;

    /// <summary>The ARN an invocation of this definition is qualified with: a version or alias as
    /// registered (<c>…:function:name:qualifier</c>), else <c>…:function:name:$LATEST</c>.</summary>
    public string QualifiedArn(string region, string accountId) =>
        Name.Contains(':', StringComparison.Ordinal) ? Arn(region, accountId) : Arn(region, accountId) + ":" + Version;

    /// <summary>The unqualified Lambda ARN of the function named <paramref name="name"/>.</summary>
    public static string ArnOf(string region, string accountId, string name) => $"arn:aws:lambda:{region}:{accountId}:function:{name}";
}
