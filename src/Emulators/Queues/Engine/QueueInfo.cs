namespace Platform.Emulators.Queues.Engine;

/// <summary>A queue as the engine caches it: replaced whole whenever the queue changes, so readers
/// never see half an update.</summary>
internal sealed record QueueInfo(
    long Id,
    string Name,
    IReadOnlyDictionary<string, string> Attributes,
    QueueSettings Settings,
    IReadOnlyDictionary<string, string> Tags,
    long CreatedMs,
    long ModifiedMs)
{
    public bool IsInternal => QueueNames.IsInternal(Name);
}
