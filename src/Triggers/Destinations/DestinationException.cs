namespace Platform.Triggers.Destinations;

/// <summary>A destination could not take a record (unsupported, missing, or its service refused it).
/// The source is not acknowledged: the work comes back and is settled again.</summary>
public sealed class DestinationException(string message, Exception? inner = null) : Exception(message, inner);
