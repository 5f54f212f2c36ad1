using Platform.Triggers.Destinations;
using Platform.Triggers.Mappings;

namespace Platform.Triggers.Sources;

/// <summary>What every stream source checks before it accepts a mapping, with Lambda's messages: the
/// function exists, and so does the on-failure destination (queue, topic or bucket).</summary>
internal static class MappingPrerequisites
{
    public static void RequireFunction(IFunctionCatalog functions, string functionName)
    {
        if (!functions.Functions.Any(f => string.Equals(f.Name, functionName, StringComparison.Ordinal)))
            throw new MappingValidationException($"Function not found: {functionName}", "ResourceNotFoundException");
    }

    public static void RequireDestination(DestinationResolver destinations, string? destination)
    {
        if (destination is null)
            return;
        var exists = false;
        try
        {
            exists = destinations.Resolve(destination).Exists();
        }
        catch (DestinationException)
        {
        }

        if (!exists)
            throw new MappingValidationException(
                $"The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination={destination})) is invalid: the destination does not exist.");
    }
}
