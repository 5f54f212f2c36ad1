using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Functions;
using Platform.Runtime.Invocation;

namespace Platform.Runtime.FunctionHost;

/// <summary>
/// The process side of <c>runtime: dotnet</c> with <c>isolation: process</c>: finds the function the
/// way Lambda's .NET runtime does (_HANDLER names <c>Assembly::Type[::Method]</c>, the assembly is in
/// LAMBDA_TASK_ROOT), loads it as the platform would in-process, and serves it over the Runtime API.
/// </summary>
public static class DotnetFunctionHost
{
    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        HandlerAdapter handler;
        try
        {
            var name = System.Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME") ?? "function";
            var handlerString = System.Environment.GetEnvironmentVariable("_HANDLER") ?? "";
            var root = System.Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT") ?? System.Environment.CurrentDirectory;
            var parsed = HandlerString.Parse(name, handlerString);
            var definition = new FunctionDefinition
            {
                Name = name,
                Assembly = Path.Combine(root, parsed.AssemblyName + ".dll"),
                Handler = handlerString,
            };
            var services = new ServiceCollection().AddLogging().BuildServiceProvider();
            handler = new HandlerAdapter(new DotnetAssemblyLoader(services).CreateHandler(definition));
        }
        catch (Exception e)
        {
            await LambdaBootstrap.ReportInitErrorAsync(e, cancellationToken).ConfigureAwait(false);
            return 1;
        }

        try
        {
            await LambdaBootstrap.RunAsync(handler.InvokeAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return 0;
    }

    private sealed class HandlerAdapter(Registry.IFunctionHandler inner)
    {
        public Task<string?> InvokeAsync(string payload, IFunctionContext context) => inner.InvokeAsync(payload, context);
    }
}
