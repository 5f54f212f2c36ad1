using System.Globalization;

namespace Platform.Emulators.Tables.Engine.Expressions;

/// <summary>Recursive-descent parser for DynamoDB's condition, key condition, filter, projection
/// and update expressions. Precedence (low to high): OR, AND, NOT, then comparisons, BETWEEN, IN and
/// functions — as DynamoDB documents. Errors are DynamoDB's ValidationException texts.</summary>
internal sealed class ExpressionParser
{
    private static readonly string[] Comparators = ["=", "<>", "<", "<=", ">", ">="];
    private static readonly HashSet<string> ConditionFunctions = new(StringComparer.Ordinal)
        { "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains" };

    private readonly string _text;
    private readonly string _kind;
    private readonly ExpressionContext _context;
    private readonly List<ExpressionToken> _tokens;
    private int _position;

    private ExpressionParser(string text, string kind, ExpressionContext context)
    {
        _text = text;
        _kind = kind;
        _context = context;
        _tokens = ExpressionLexer.Tokenize(text, kind);
    }

    private ExpressionToken Current => _tokens[_position];

    public static Condition ParseCondition(string text, string kind, ExpressionContext context) =>
        Run(text, kind, context, p =>
        {
            var condition = p.ParseOr();
            p.ExpectEnd();
            return condition;
        });

    public static IReadOnlyList<DocumentPath> ParseProjection(string text, ExpressionContext context) =>
        Run(text, "ProjectionExpression", context, p =>
        {
            var paths = new List<DocumentPath> { p.ParsePath() };
            while (p.Accept(","))
                paths.Add(p.ParsePath());
            p.ExpectEnd();
            CheckOverlaps(paths);
            return (IReadOnlyList<DocumentPath>)paths;
        });

    public static IReadOnlyList<UpdateAction> ParseUpdate(string text, ExpressionContext context) =>
        Run(text, "UpdateExpression", context, p => p.ParseUpdateClauses());

    private static T Run<T>(string text, string kind, ExpressionContext context, Func<ExpressionParser, T> parse)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw TableErrors.Expression(kind, "The expression can not be empty;");
        try
        {
            return parse(new ExpressionParser(text, kind, context));
        }
        catch (ExpressionError error)
        {
            throw TableErrors.Expression(kind, error.Message);
        }
    }

    private static void CheckOverlaps(IReadOnlyList<DocumentPath> paths)
    {
        for (var i = 0; i < paths.Count; i++)
        {
            for (var j = i + 1; j < paths.Count; j++)
            {
                if (paths[i].Overlaps(paths[j]))
                    throw new ExpressionError($"Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {paths[i]}, path two: {paths[j]}");
            }
        }
    }

    private IReadOnlyList<UpdateAction> ParseUpdateClauses()
    {
        var actions = new List<UpdateAction>();
        var seen = new HashSet<UpdateActionKind>();
        while (Current.Kind != TokenKind.End)
        {
            var keyword = Current;
            if (keyword.Kind != TokenKind.Name || !Enum.TryParse<UpdateActionKind>(keyword.Text, ignoreCase: true, out var kind))
                throw Syntax();
            _position++;
            if (!seen.Add(kind))
                throw new ExpressionError($"The \"{kind.ToString().ToUpperInvariant()}\" section can only be used once in an update expression;");
            do
            {
                var path = ParsePath();
                switch (kind)
                {
                    case UpdateActionKind.Set:
                        Expect("=");
                        actions.Add(new UpdateAction(kind, path, ParseSetValue()));
                        break;
                    case UpdateActionKind.Remove:
                        actions.Add(new UpdateAction(kind, path, null));
                        break;
                    default:
                        var value = ParseOperand(allowUpdateFunctions: false);
                        if (value is not ValueOperand literal)
                            throw Syntax();
                        CheckAddDeleteType(kind, literal.Value);
                        actions.Add(new UpdateAction(kind, path, value));
                        break;
                }
            }
            while (Accept(","));
        }

        if (actions.Count == 0)
            throw Syntax();
        CheckOverlaps(actions.Select(a => a.Path).ToList());
        return actions;
    }

    private static void CheckAddDeleteType(UpdateActionKind kind, AttributeValue value)
    {
        var allowed = kind == UpdateActionKind.Add ? value.Kind == AttributeKind.N || value.IsSet : value.IsSet;
        if (!allowed)
            throw new ExpressionError($"Incorrect operand type for operator or function; operator: {kind.ToString().ToUpperInvariant()}, operand type: {TypeName(value.Kind)}");
    }

    internal static string TypeName(AttributeKind kind) => kind switch
    {
        AttributeKind.S => "STRING",
        AttributeKind.N => "NUMBER",
        AttributeKind.B => "BINARY",
        AttributeKind.BOOL => "BOOLEAN",
        AttributeKind.NULL => "NULL",
        AttributeKind.SS => "STRING SET",
        AttributeKind.NS => "NUMBER SET",
        AttributeKind.BS => "BINARY SET",
        AttributeKind.L => "LIST",
        _ => "MAP",
    };

    private Operand ParseSetValue()
    {
        var left = ParseOperand(allowUpdateFunctions: true);
        if (Current is { Kind: TokenKind.Symbol, Text: "+" or "-" })
        {
            var plus = Current.Text == "+";
            _position++;
            var right = ParseOperand(allowUpdateFunctions: true);
            return new ArithmeticOperand(left, plus, right);
        }

        return left;
    }

    private Condition ParseOr()
    {
        var left = ParseAnd();
        while (AcceptKeyword("OR"))
            left = new OrCondition(left, ParseAnd());
        return left;
    }

    private Condition ParseAnd()
    {
        var left = ParseNot();
        while (AcceptKeyword("AND"))
            left = new AndCondition(left, ParseNot());
        return left;
    }

    private Condition ParseNot()
    {
        if (AcceptKeyword("NOT"))
            return new NotCondition(ParseNot());
        return ParsePrimary();
    }

    private Condition ParsePrimary()
    {
        if (Accept("("))
        {
            var inner = ParseOr();
            Expect(")");
            return inner;
        }

        if (Current.Kind == TokenKind.Name && Peek(1) is { Kind: TokenKind.Symbol, Text: "(" } &&
            !Current.Text.Equals("size", StringComparison.Ordinal))
        {
            var name = Current.Text;
            if (!ConditionFunctions.Contains(name))
            {
                if (name is "if_not_exists" or "list_append")
                    throw new ExpressionError($"The function is not allowed in a condition expression; function: {name}");
                throw new ExpressionError($"Invalid function name; function: {name}");
            }

            _position += 2;
            var arguments = ParseArguments();
            return MakeFunction(name, arguments);
        }

        var left = ParseOperand(allowUpdateFunctions: false);
        if (AcceptKeyword("BETWEEN"))
        {
            var low = ParseOperand(allowUpdateFunctions: false);
            if (!AcceptKeyword("AND"))
                throw Syntax();
            var high = ParseOperand(allowUpdateFunctions: false);
            if (low is ValueOperand l && high is ValueOperand h)
            {
                if (l.Value.Kind != h.Value.Kind)
                    throw new ExpressionError($"The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {AttributeJson.Describe(l.Value)}, upper bound operand: AttributeValue: {AttributeJson.Describe(h.Value)}");
                if (IsScalar(l.Value) && AttributeValue.CompareScalars(l.Value, h.Value) > 0)
                    throw new ExpressionError($"The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {AttributeJson.Describe(l.Value)}, upper bound operand: AttributeValue: {AttributeJson.Describe(h.Value)}");
            }

            return new BetweenCondition(left, low, high);
        }

        if (AcceptKeyword("IN"))
        {
            Expect("(");
            var candidates = new List<Operand> { ParseOperand(allowUpdateFunctions: false) };
            while (Accept(","))
                candidates.Add(ParseOperand(allowUpdateFunctions: false));
            Expect(")");
            return new InCondition(left, candidates);
        }

        if (Current.Kind == TokenKind.Symbol && Comparators.Contains(Current.Text))
        {
            var op = Current.Text;
            _position++;
            var right = ParseOperand(allowUpdateFunctions: false);
            if (left is PathOperand a && right is PathOperand b && a.Path.ToString() == b.Path.ToString())
                throw new ExpressionError($"The first operand must be distinct from the remaining operands for this operator or function; operator: {op}, first operand: {a.Path}");
            return new ComparisonCondition(op, left, right);
        }

        if (left is SizeOperand)
            throw new ExpressionError("The function is not allowed to be used this way in an expression; function: size");
        throw Syntax();
    }

    private static bool IsScalar(AttributeValue value) => value.Kind is AttributeKind.S or AttributeKind.N or AttributeKind.B;

    private Condition MakeFunction(string name, List<Operand> arguments)
    {
        var expected = name is "attribute_exists" or "attribute_not_exists" ? 1 : 2;
        if (arguments.Count != expected)
            throw new ExpressionError($"Incorrect number of operands for operator or function; operator or function: {name}, number of operands: {arguments.Count}");
        if (arguments[0] is not PathOperand && name is "attribute_exists" or "attribute_not_exists" or "attribute_type")
            throw new ExpressionError($"Operator or function requires a document path; operator or function: {name}");
        switch (name)
        {
            case "attribute_type":
                if (arguments[1] is not ValueOperand { Value.Kind: AttributeKind.S } type)
                {
                    var actual = arguments[1] is ValueOperand v ? v.Value.Kind.ToString() : "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";
                    throw new ExpressionError($"Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {actual}");
                }

                if (!Enum.TryParse<AttributeKind>(type.Value.S, ignoreCase: false, out _))
                    throw new ExpressionError($"Invalid attribute type name found; type: {type.Value.S}, valid types: {{B,NULL,SS,BOOL,L,BS,N,NS,S,M}}");
                break;
            case "begins_with":
                foreach (var argument in arguments)
                {
                    if (argument is ValueOperand { Value.Kind: not (AttributeKind.S or AttributeKind.B) } bad)
                        throw new ExpressionError($"Incorrect operand type for operator or function; operator or function: begins_with, operand type: {bad.Value.Kind}");
                }

                break;
        }

        return new FunctionCondition(name, arguments);
    }

    private List<Operand> ParseArguments()
    {
        var arguments = new List<Operand>();
        if (!Accept(")"))
        {
            do
            {
                arguments.Add(ParseOperand(allowUpdateFunctions: _kind == "UpdateExpression"));
            }
            while (Accept(","));
            Expect(")");
        }

        return arguments;
    }

    private Operand ParseOperand(bool allowUpdateFunctions)
    {
        var token = Current;
        if (token.Kind == TokenKind.ValuePlaceholder)
        {
            _position++;
            return new ValueOperand(token.Text, _context.ResolveValue(token.Text));
        }

        if (token.Kind == TokenKind.Name && Peek(1) is { Kind: TokenKind.Symbol, Text: "(" })
        {
            var name = token.Text;
            _position += 2;
            switch (name)
            {
                case "size":
                {
                    var args = ParseArguments();
                    if (args.Count != 1)
                        throw new ExpressionError($"Incorrect number of operands for operator or function; operator or function: size, number of operands: {args.Count}");
                    if (args[0] is ValueOperand { Value.Kind: AttributeKind.N or AttributeKind.BOOL or AttributeKind.NULL } v)
                        throw new ExpressionError($"Incorrect operand type for operator or function; operator or function: size, operand type: {v.Value.Kind}");
                    if (_kind == "UpdateExpression")
                        throw new ExpressionError("Invalid function name; function: size");
                    return new SizeOperand(args[0]);
                }
                case "if_not_exists" when allowUpdateFunctions:
                {
                    var args = ParseArguments();
                    if (args.Count != 2)
                        throw new ExpressionError($"Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: {args.Count}");
                    if (args[0] is not PathOperand path)
                        throw new ExpressionError("Operator or function requires a document path; operator or function: if_not_exists");
                    return new IfNotExistsOperand(path.Path, args[1]);
                }
                case "list_append" when allowUpdateFunctions:
                {
                    var args = ParseArguments();
                    if (args.Count != 2)
                        throw new ExpressionError($"Incorrect number of operands for operator or function; operator or function: list_append, number of operands: {args.Count}");
                    foreach (var arg in args)
                    {
                        if (arg is ValueOperand { Value.Kind: not AttributeKind.L } v)
                            throw new ExpressionError($"Incorrect operand type for operator or function; operator or function: list_append, operand type: {v.Value.Kind}");
                    }

                    return new ListAppendOperand(args[0], args[1]);
                }
                default:
                    if (ConditionFunctions.Contains(name) || name is "if_not_exists" or "list_append")
                        throw new ExpressionError($"The function is not allowed to be used this way in an expression; function: {name}");
                    throw new ExpressionError($"Invalid function name; function: {name}");
            }
        }

        if (token.Kind is TokenKind.Name or TokenKind.NamePlaceholder)
            return new PathOperand(ParsePath());
        throw Syntax();
    }

    private DocumentPath ParsePath()
    {
        var elements = new List<PathElement> { new(ParseName(), 0) };
        while (true)
        {
            if (Accept("."))
            {
                elements.Add(new PathElement(ParseName(), 0));
            }
            else if (Current is { Kind: TokenKind.Symbol, Text: "[" })
            {
                _position++;
                if (Current.Kind != TokenKind.Number)
                    throw Syntax();
                if (!int.TryParse(Current.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    throw new ExpressionError("List index is too large");
                _position++;
                Expect("]");
                elements.Add(new PathElement(null, index));
            }
            else
            {
                return new DocumentPath(elements);
            }
        }
    }

    private string ParseName()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.NamePlaceholder:
                _position++;
                return _context.ResolveName(token.Text);
            case TokenKind.Name:
                if (ReservedWords.Contains(token.Text))
                    throw new ExpressionError($"Attribute name is a reserved keyword; reserved keyword: {token.Text}");
                _position++;
                return token.Text;
            default:
                throw Syntax();
        }
    }

    private ExpressionToken Peek(int ahead) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

    private bool Accept(string symbol)
    {
        if (Current.Kind == TokenKind.Symbol && Current.Text == symbol)
        {
            _position++;
            return true;
        }

        return false;
    }

    private bool AcceptKeyword(string keyword)
    {
        if (Current.Kind == TokenKind.Name && Current.Text.Equals(keyword, StringComparison.OrdinalIgnoreCase))
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(string symbol)
    {
        if (!Accept(symbol))
            throw Syntax();
    }

    private void ExpectEnd()
    {
        if (Current.Kind != TokenKind.End)
            throw Syntax();
    }

    private TableException Syntax() => ExpressionLexer.SyntaxError(_kind, _text, Current.Text, Current.Position);
}
