namespace Platform.Runtime.RuntimeApi;

/// <summary>Lambda's payload limits for synchronous invocation, which the Runtime API enforces.</summary>
internal static class RuntimeApiLimits
{
    /// <summary>6 MB: the largest response a runtime may post.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    /// <summary>6 MB: the largest event an invocation may carry.</summary>
    public const int MaxRequestBytes = 6 * 1024 * 1024;

    /// <summary>Error and init-error documents are small; a runtime that posts more is cut here.</summary>
    public const int MaxErrorBytes = 1024 * 1024;
}
