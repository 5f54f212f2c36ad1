using Platform.Emulators.Edge;

namespace Platform.Emulators.Topics.Engine;

/// <summary>A request the topic engine refuses, with SNS's query-protocol error code
/// (<c>InvalidParameter</c>, <c>NotFound</c>, <c>ParameterValueInvalid</c>, …).</summary>
public sealed class TopicException(string code, string message, int status = 400) : EdgeException(code, message, status);
