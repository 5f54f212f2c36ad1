namespace Platform.Emulators.Tables.Engine.Expressions;

/// <summary>A semantic error inside one expression; the parser prefixes it with "Invalid XExpression: ".</summary>
internal sealed class ExpressionError(string message) : Exception(message);
