using System.Text.Json;
using MassTransit.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Functions;
using Platform.Runtime;
using Platform.Runtime.Invocation;
using Platform.Tests.Support;

namespace Platform.Tests.Runtime;

/// <summary>The invoker on its own, on a manual clock.</summary>
public sealed class FunctionInvokerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Deadline_cancels_the_function_and_reports_lambdas_timeout()
    {
        var time = new ManualTimeProvider();
        var entered = new TaskCompletionSource<IFunctionContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var definition = new FunctionDefinition { Name = "waiter" };
        using var services = Services(time, s => s.AddFunction(definition, async (_, context) =>
        {
            entered.SetResult(context);
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
            return null;
        }));

        var invocation = services.GetRequiredService<FunctionInvoker>().InvokeAsync(Request("waiter", "r-3"), CancellationToken.None);
        var context = await entered.Task.WaitAsync(Wait);
        Assert.Equal(TimeSpan.FromSeconds(3), context.RemainingTime);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), context.RemainingTime);
        Assert.False(invocation.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        var result = await invocation.WaitAsync(Wait);

        Assert.Equal(InvocationOutcome.TimedOut, result.Outcome);
        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        Assert.Equal("RequestId: r-3 Error: Task timed out after 3.00 seconds", result.ErrorMessage);
        Assert.Equal(3000, result.DurationMs);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), result.StartedAt);
        Assert.True(context.CancellationToken.IsCancellationRequested);
        Assert.Equal(TimeSpan.Zero, context.RemainingTime);
    }

    [Fact]
    public async Task Context_carries_lambdas_environment_and_identity()
    {
        IFunctionContext? seen = null;
        var definition = new FunctionDefinition
        {
            Name = "env",
            MemorySize = 512,
            Environment = new Dictionary<string, string> { ["OUTPUT_BUCKET"] = "out", ["AWS_REGION"] = "mars-1", ["AWS_ENDPOINT_URL"] = "http://minio:9000" },
        };
        using var services = Services(TimeProvider.System, s => s.AddFunction(definition, (_, context) =>
        {
            seen = context;
            return Task.FromResult<string?>(null);
        }));

        var result = await services.GetRequiredService<FunctionInvoker>().InvokeAsync(Request("env", "r-4"), CancellationToken.None);

        Assert.Equal(InvocationOutcome.Succeeded, result.Outcome);
        Assert.NotNull(seen);
        Assert.Equal("r-4", seen.RequestId);
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:env", seen.InvokedFunctionArn);
        Assert.Equal(512, seen.MemoryLimitInMB);
        Assert.Equal("out", seen.Environment["OUTPUT_BUCKET"]);
        Assert.Equal("eu-west-1", seen.Environment["AWS_REGION"]);
        Assert.Equal("eu-west-1", seen.Environment["AWS_DEFAULT_REGION"]);
        Assert.Equal("http://minio:9000", seen.Environment["AWS_ENDPOINT_URL"]);
        Assert.Equal("env", seen.Environment["AWS_LAMBDA_FUNCTION_NAME"]);
        Assert.Equal("512", seen.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]);
        Assert.Equal("$LATEST", seen.Environment["AWS_LAMBDA_FUNCTION_VERSION"]);
        Assert.Equal("test", seen.Environment["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("test", seen.Environment["AWS_SECRET_ACCESS_KEY"]);
    }

    [Fact]
    public async Task Named_method_handlers_run()
    {
        var definition = new FunctionDefinition { Name = "method" };
        using var services = Services(TimeProvider.System, _ => { });
        var handler = DotnetAssemblyLoader.CreateHandler("method", typeof(MethodStyle), nameof(MethodStyle.Shout), services);

        var result = await handler.InvokeAsync("\"hi\"", new FunctionContextStub());

        Assert.Equal("\"HI!\"", result);
    }

    [Fact]
    public void Contract_messages_round_trip_through_masstransits_serializer()
    {
        var invoked = new FunctionInvoked
        {
            RequestId = "r",
            FunctionName = "f",
            Outcome = InvocationOutcome.TimedOut,
            ResponsePayload = """{"a":1}""",
            ErrorType = "Sandbox.Timedout",
            ErrorMessage = "m",
            StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
            DurationMs = 12.5,
            Worker = "w:1",
        };
        var invoke = new InvokeFunction { RequestId = "r", FunctionName = "f", Payload = "{}", Trigger = "sqs:q", Attempt = 3 };

        Assert.Equal(invoked, JsonSerializer.Deserialize<FunctionInvoked>(JsonSerializer.Serialize(invoked, SystemTextJsonMessageSerializer.Options), SystemTextJsonMessageSerializer.Options));
        Assert.Equal(invoke, JsonSerializer.Deserialize<InvokeFunction>(JsonSerializer.Serialize(invoke, SystemTextJsonMessageSerializer.Options), SystemTextJsonMessageSerializer.Options));
    }

    private static ServiceProvider Services(TimeProvider time, Action<IServiceCollection> register)
    {
        var services = new ServiceCollection().AddSingleton(time);
        services.AddPlatformRuntime(new RuntimeOptions { Region = "eu-west-1", AccountId = "123456789012" });
        register(services);
        return services.BuildServiceProvider();
    }

    private static InvokeFunction Request(string function, string requestId) =>
        new() { RequestId = requestId, FunctionName = function, Payload = "{}", Trigger = "test" };

    public sealed class MethodStyle
    {
        public async Task<string> Shout(string input, IFunctionContext context, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return input.ToUpperInvariant() + "!";
        }
    }

    private sealed class FunctionContextStub : IFunctionContext
    {
        public string RequestId => "r";
        public string FunctionName => "method";
        public string InvokedFunctionArn => "arn";
        public int MemoryLimitInMB => 128;
        public TimeSpan RemainingTime => TimeSpan.FromSeconds(1);
        public Microsoft.Extensions.Logging.ILogger Logger => Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        public CancellationToken CancellationToken => CancellationToken.None;
        public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>();
    }
}
