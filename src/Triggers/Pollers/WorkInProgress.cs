using Platform.Emulators.State;

namespace Platform.Triggers.Pollers;

/// <summary>
/// The units of work one source holds between taking them from its source and settling them:
/// messages received and not yet deleted, retried or released; records read and not yet
/// checkpointed. A queue consumer adds in the receive's <c>OnReceived</c>, inside the receive's
/// commit, so there is no moment where a message is neither visible on its queue nor counted here.
/// </summary>
public sealed class WorkInProgress(ChangeSignal settled)
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(int count) => Interlocked.Add(ref _count, count);

    public void Done(int count)
    {
        if (count == 0)
            return;
        Interlocked.Add(ref _count, -count);
        settled.Notify();
    }
}
