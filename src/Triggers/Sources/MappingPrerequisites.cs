using Platform.Emulators.Queues.Engine;
using Platform.Triggers.Failures;
using Platform.Triggers.Mappings;

namespace Platform.Triggers.Sources;

/// <summary>What every stream source checks before it accepts a mapping, with Lambda's messages: the
/// function exists, and so does the on-failure destination queue.</summary>
internal static class MappingPrerequisites
{
    public static void RequireFunction(IFunctionCatalog functions, string functionName)
    {
        if (!functions.Functions.Any(f => string.Equals(f.Name, functionName, StringComparison.Ordinal)))
            throw new MappingValidationException($"Function not found: {functionName}", "ResourceNotFoundException");
    }

    public static void RequireDestinationQueue(IQueuePort queues, string? destination)
    {
        if (destination is not null && !queues.QueueExists(DestinationQueue.ResolveName(destination)))
            throw new MappingValidationException(
                $"The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination={destination})) is invalid: the queue does not exist.");
    }
}
