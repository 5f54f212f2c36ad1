namespace Platform.Runtime.Registry;

/// <summary>A handler that runs work outside this process (function processes): when the platform
/// stops, all of it ends, busy or not — their invocations are redelivered after a restart.</summary>
internal interface IStoppableHandler
{
    Task StopAllAsync();
}
