using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Platform.Functions;
using Platform.Runtime.Registry;

namespace Platform.Runtime.Invocation;

/// <summary>
/// Runs a handler named by <c>::Method</c>: any public method whose parameters are the event
/// (at most one), <see cref="IFunctionContext"/> and <see cref="CancellationToken"/>, returning
/// void, a value, <see cref="Task"/> or <see cref="Task{TResult}"/>.
/// </summary>
internal sealed class MethodFunctionHandler : IFunctionHandler
{
    private readonly MethodInfo _method;
    private readonly Func<object>? _create;
    private readonly Type? _eventType;
    private readonly Type? _resultType;
    private object? _instance;

    private MethodFunctionHandler(MethodInfo method, Func<object>? create, Type? eventType, Type? resultType)
    {
        _method = method;
        _create = create;
        _eventType = eventType;
        _resultType = resultType;
    }

    public static MethodFunctionHandler Create(string functionName, Type type, string methodName, Func<object> create)
    {
        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == methodName && !m.IsGenericMethodDefinition)
            .ToList();
        if (candidates.Count != 1)
            throw new FunctionLoadException(functionName, candidates.Count == 0
                ? $"type '{type.FullName}' has no public method '{methodName}'."
                : $"type '{type.FullName}' has {candidates.Count} public methods named '{methodName}'; a handler method must be unique.");

        var method = candidates[0];
        var eventParameters = method.GetParameters()
            .Where(p => p.ParameterType != typeof(IFunctionContext) && p.ParameterType != typeof(CancellationToken))
            .ToList();
        if (eventParameters.Count > 1)
            throw new FunctionLoadException(functionName,
                $"method '{type.FullName}.{methodName}' takes more than one event parameter ({string.Join(", ", eventParameters.Select(p => p.Name))}); "
                + "it may take the event, IFunctionContext and CancellationToken.");

        var returnType = method.ReturnType;
        Type? resultType = returnType == typeof(void) || returnType == typeof(Task) ? null
            : returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>) ? returnType.GetGenericArguments()[0]
            : returnType;
        return new MethodFunctionHandler(method, method.IsStatic ? null : create, eventParameters.FirstOrDefault()?.ParameterType, resultType);
    }

    public async Task<string?> InvokeAsync(string payloadJson, IFunctionContext context)
    {
        var input = _eventType is null ? null : JsonSerializer.Deserialize(payloadJson, _eventType, FunctionJson.Options);
        var arguments = _method.GetParameters()
            .Select(p => p.ParameterType == typeof(IFunctionContext) ? context
                : p.ParameterType == typeof(CancellationToken) ? context.CancellationToken
                : input)
            .ToArray();

        // Method handlers have no IFunction contract to promise one-call-at-a-time, so like a
        // static Lambda handler class the instance is shared.
        var target = _create is null ? null : LazyInitializer.EnsureInitialized(ref _instance, _create);
        object? returned;
        try
        {
            returned = _method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        if (returned is Task task)
        {
            await task;
            returned = _resultType is null ? null : task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
        }

        return _resultType is null || returned is null or NoResult ? null : JsonSerializer.Serialize(returned, _resultType, FunctionJson.Options);
    }
}
