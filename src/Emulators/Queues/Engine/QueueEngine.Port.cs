namespace Platform.Emulators.Queues.Engine;

/// <summary>The engine is the triggers' queue port; its members are spread over the other parts.</summary>
public sealed partial class QueueEngine : IQueuePort;
