using System.Diagnostics;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Functions;
using Platform.Runtime;
using Platform.Runtime.Dispatch;
using Platform.Runtime.Registry;
using Xunit.Abstractions;

namespace Platform.Tests.Runtime;

/// <summary>Invocations through a real in-memory MassTransit bus, request to response.</summary>
public sealed class FunctionDispatchTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Success_returns_the_result_json()
    {
        await using var bus = await RuntimeBus.StartAsync(s => s.AddFunction<Greeter>(new FunctionDefinition { Name = "greeter" }),
            new FunctionDefinition { Name = "greeter" });

        var result = await bus.InvokeAsync("greeter", """{"name":"Ada"}""", requestId: "req-1");

        Assert.Equal(InvocationOutcome.Succeeded, result.Outcome);
        Assert.Equal("""{"greeting":"Hello, Ada","functionArn":"arn:aws:lambda:eu-west-1:123456789012:function:greeter","requestId":"req-1","endpoint":"http://127.0.0.1:4566","memory":"128"}""",
            result.ResponsePayload);
        Assert.Equal("req-1", result.RequestId);
        Assert.Equal("greeter", result.FunctionName);
        Assert.Null(result.ErrorType);
        Assert.NotNull(result.Worker);
    }

    [Fact]
    public async Task No_result_is_a_null_payload()
    {
        var definition = new FunctionDefinition { Name = "quiet" };
        await using var bus = await RuntimeBus.StartAsync(s => s.AddFunction<Quiet>(definition), definition);

        var result = await bus.InvokeAsync("quiet", "{}");

        Assert.Equal(InvocationOutcome.Succeeded, result.Outcome);
        Assert.Null(result.ResponsePayload);
    }

    [Fact]
    public async Task Exception_is_reported_as_failed_with_type_and_message()
    {
        var definition = new FunctionDefinition { Name = "thrower" };
        await using var bus = await RuntimeBus.StartAsync(s => s.AddFunction<Thrower>(definition), definition);

        var result = await bus.InvokeAsync("thrower", "{}");

        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal(nameof(InvalidOperationException), result.ErrorType);
        Assert.Equal("bucket is on fire", result.ErrorMessage);
        Assert.Null(result.ResponsePayload);
    }

    [Fact]
    public async Task Invalid_payload_fails_the_invocation()
    {
        var definition = new FunctionDefinition { Name = "greeter" };
        await using var bus = await RuntimeBus.StartAsync(s => s.AddFunction<Greeter>(definition), definition);

        var result = await bus.InvokeAsync("greeter", "{not json");

        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal("JsonException", result.ErrorType);
    }

    [Fact]
    public async Task Function_that_honours_cancellation_times_out()
    {
        var definition = new FunctionDefinition { Name = "slow", Timeout = TimeSpan.FromMilliseconds(200) };
        await using var bus = await RuntimeBus.StartAsync(
            s => s.AddFunction(definition, async (_, context) =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
                return null;
            }),
            definition);

        var result = await bus.InvokeAsync("slow", "{}", requestId: "r-9");

        Assert.Equal(InvocationOutcome.TimedOut, result.Outcome);
        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        Assert.Equal("RequestId: r-9 Error: Task timed out after 0.20 seconds", result.ErrorMessage);
        Assert.InRange(result.DurationMs, 150, 5000);
    }

    [Fact]
    public async Task Function_that_ignores_cancellation_times_out_at_the_deadline()
    {
        var never = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var definition = new FunctionDefinition { Name = "stuck", Timeout = TimeSpan.FromMilliseconds(200) };
        await using var bus = await RuntimeBus.StartAsync(s => s.AddFunction(definition, (_, _) => never.Task), definition);

        var result = await bus.InvokeAsync("stuck", "{}");

        Assert.Equal(InvocationOutcome.TimedOut, result.Outcome);
        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        never.SetResult(null);
    }

    [Fact]
    public async Task Endpoint_connected_to_a_running_bus_serves_a_function_added_later()
    {
        await using var bus = await RuntimeBus.StartAsync(_ => { });
        var definition = new FunctionDefinition { Name = "late" };
        bus.Services.GetRequiredService<FunctionRegistry>().AddOrReplace(definition with
        {
            Assembly = RepositoryPaths.ObjectSummaryAssembly,
            Handler = "ObjectSummary::ObjectSummary.SummarizeUpload",
        });

        var handle = bus.Services.GetRequiredService<IReceiveEndpointConnector>().ConnectFunctionEndpoint(definition);
        await handle.Ready.WaitAsync(Wait);
        var result = await bus.InvokeAsync("late", """{"Records":[]}""");

        Assert.Equal(InvocationOutcome.Succeeded, result.Outcome);
        Assert.Equal("""{"summarized":0,"skipped":0,"summaries":[]}""", result.ResponsePayload);
    }

    [Fact]
    public async Task Unknown_function_fails_with_resource_not_found()
    {
        var definition = new FunctionDefinition { Name = "ghost" };
        await using var bus = await RuntimeBus.StartAsync(_ => { }, definition);

        var result = await bus.InvokeAsync("ghost", "{}");

        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal("ResourceNotFoundException", result.ErrorType);
    }

    [Fact]
    public async Task At_most_concurrency_invocations_run_at_once()
    {
        const int limit = 2;
        const int requests = 6;
        var entered = Channel.CreateUnbounded<TaskCompletionSource<string?>>();
        int running = 0, maxRunning = 0;
        var definition = new FunctionDefinition { Name = "narrow", Concurrency = limit, Timeout = TimeSpan.FromSeconds(30) };
        await using var bus = await RuntimeBus.StartAsync(
            s => s.AddFunction(definition, async (_, _) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                var release = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
                await entered.Writer.WriteAsync(release);
                var result = await release.Task;
                Interlocked.Decrement(ref running);
                return result;
            }),
            definition);

        var calls = Enumerable.Range(0, requests).Select(i => bus.InvokeAsync("narrow", "{}")).ToList();

        // Hold the first `limit` invocations; only when one is released may another start.
        var held = new Queue<TaskCompletionSource<string?>>();
        for (var i = 0; i < limit; i++)
            held.Enqueue(await entered.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        var started = limit;
        while (held.Count > 0)
        {
            Assert.True(Volatile.Read(ref maxRunning) <= limit);
            held.Dequeue().SetResult("1");
            if (started++ < requests)
                held.Enqueue(await entered.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        }

        var results = await Task.WhenAll(calls).WaitAsync(Wait);
        Assert.All(results, r => Assert.Equal(InvocationOutcome.Succeeded, r.Outcome));
        Assert.Equal(limit, maxRunning);
    }

    [Fact]
    public async Task Round_trip_latency_through_the_in_memory_bus()
    {
        var definition = new FunctionDefinition { Name = "echo" };
        await using var bus = await RuntimeBus.StartAsync(s => s.AddFunction(definition, (payload, _) => Task.FromResult<string?>(payload)), definition);
        for (var i = 0; i < 200; i++)
            await bus.InvokeAsync("echo", "{}");

        var samples = new List<double>();
        for (var i = 0; i < 1000; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await bus.InvokeAsync("echo", """{"n":1}""");
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        samples.Sort();
        var p50 = samples[samples.Count / 2];
        var p99 = samples[samples.Count * 99 / 100];
        output.WriteLine($"in-memory bus request/response round trip: p50 {p50:F0} µs, p99 {p99:F0} µs (n={samples.Count})");
        Assert.True(p50 < 50_000, $"p50 {p50} µs");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public sealed record Person(string Name);

    public sealed record GreeterResult(string Greeting, string FunctionArn, string RequestId, string Endpoint, string Memory);

    private sealed class Greeter : IFunction<Person, GreeterResult>
    {
        public Task<GreeterResult> HandleAsync(Person input, IFunctionContext context) => Task.FromResult(new GreeterResult(
            "Hello, " + input.Name, context.InvokedFunctionArn, context.RequestId,
            context.Environment["AWS_ENDPOINT_URL"], context.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]));
    }

    private sealed class Quiet : IFunction<Dictionary<string, object>, NoResult>
    {
        public Task<NoResult> HandleAsync(Dictionary<string, object> input, IFunctionContext context) => Task.FromResult(NoResult.Value);
    }

    private sealed class Thrower : IFunction<object, NoResult>
    {
        public Task<NoResult> HandleAsync(object input, IFunctionContext context) => throw new InvalidOperationException("bucket is on fire");
    }
}
