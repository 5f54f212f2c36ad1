namespace Platform.Runtime.Invocation;

/// <summary>Lambda's .NET handler string, <c>Assembly::Namespace.Type[::Method]</c>.</summary>
internal sealed record HandlerString(string AssemblyName, string TypeName, string? MethodName)
{
    public static HandlerString Parse(string functionName, string? handler)
    {
        var parts = (handler ?? "").Split("::", StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrEmpty))
            throw new FunctionLoadException(functionName,
                $"handler '{handler}' is not 'Assembly::Namespace.Type' or 'Assembly::Namespace.Type::Method' (e.g. 'ObjectSummary::ObjectSummary.SummarizeUpload').");
        return new HandlerString(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
    }
}
