namespace Platform.Emulators.Tables.Engine.Expressions;

/// <summary>Splits an expression into tokens; an unexpected character is DynamoDB's "Syntax error; token".</summary>
internal static class ExpressionLexer
{
    public static List<ExpressionToken> Tokenize(string text, string kind)
    {
        var tokens = new List<ExpressionToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                tokens.Add(new ExpressionToken(TokenKind.Name, text[start..i], start));
            }
            else if (c is '#' or ':')
            {
                i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                if (i == start + 1)
                    throw SyntaxError(kind, text, c.ToString(), start);
                tokens.Add(new ExpressionToken(c == '#' ? TokenKind.NamePlaceholder : TokenKind.ValuePlaceholder, text[start..i], start));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                    i++;
                tokens.Add(new ExpressionToken(TokenKind.Number, text[start..i], start));
            }
            else if (c is '<' or '>' && i + 1 < text.Length && (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>')))
            {
                i += 2;
                tokens.Add(new ExpressionToken(TokenKind.Symbol, text[start..i], start));
            }
            else if (c is '(' or ')' or '[' or ']' or ',' or '.' or '=' or '<' or '>' or '+' or '-')
            {
                i++;
                tokens.Add(new ExpressionToken(TokenKind.Symbol, c.ToString(), start));
            }
            else
            {
                throw SyntaxError(kind, text, c.ToString(), start);
            }
        }

        tokens.Add(new ExpressionToken(TokenKind.End, "<EOF>", text.Length));
        return tokens;
    }

    /// <summary>DynamoDB's wording: the offending token and the text around it.</summary>
    public static TableException SyntaxError(string kind, string text, string token, int position)
    {
        var from = Math.Max(0, position - 8);
        var to = Math.Min(text.Length, position + Math.Max(token == "<EOF>" ? 0 : token.Length, 1) + 4);
        var near = text[from..to].Trim();
        return TableErrors.Expression(kind, $"Syntax error; token: \"{token}\", near: \"{near}\"");
    }
}
