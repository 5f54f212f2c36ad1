namespace Platform.Emulators.Tables.Engine.Expressions;

internal enum TokenKind
{
    Name,
    NamePlaceholder,
    ValuePlaceholder,
    Number,
    Symbol,
    End,
}

internal readonly record struct ExpressionToken(TokenKind Kind, string Text, int Position);
