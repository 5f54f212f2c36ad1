namespace Platform.Runtime.Registry;

/// <summary>A handler that can take new code without being replaced (a process pool recycles).</summary>
internal interface ICodeReloadable
{
    Task ReloadCodeAsync(CancellationToken cancellationToken);
}
