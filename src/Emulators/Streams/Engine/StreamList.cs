namespace Platform.Emulators.Streams.Engine;

public sealed record StreamList(IReadOnlyList<StreamDetails> Streams, bool HasMoreStreams);
