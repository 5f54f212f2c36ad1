using Platform.Emulators.Tables.Engine;
using Platform.Emulators.Tables.Engine.Expressions;

namespace Platform.Tests.Tables;

public sealed class ExpressionTests
{
    private static readonly Dictionary<string, AttributeValue> Item = new(StringComparer.Ordinal)
    {
        ["name"] = AttributeValue.String("alpha"),
        ["count"] = AttributeValue.Number(AttributeJson.Number("5")),
        ["tags"] = AttributeValue.StringSet(["a", "b"]),
        ["lst"] = AttributeValue.List([AttributeValue.Number(AttributeJson.Number("1")), AttributeValue.Map(new Dictionary<string, AttributeValue> { ["deep"] = AttributeValue.String("x") })]),
        ["flag"] = AttributeValue.Boolean(true),
        ["colors"] = AttributeValue.StringSet(["r", "g"]),
    };

    private static bool Evaluate(string expression, Dictionary<string, AttributeValue>? values = null, Dictionary<string, string>? names = null)
    {
        var context = new ExpressionContext(names, values);
        var condition = ExpressionParser.ParseCondition(expression, "ConditionExpression", context);
        return ExpressionEvaluator.Evaluate(condition, Item);
    }

    private static AttributeValue S(string s) => AttributeValue.String(s);
    private static AttributeValue N(string n) => AttributeValue.Number(AttributeJson.Number(n));

    [Theory]
    [InlineData("attribute_exists(#n)", true)]
    [InlineData("attribute_not_exists(gone)", true)]
    [InlineData("attribute_exists(lst[1].deep)", true)]
    [InlineData("attribute_exists(lst[2])", false)]
    [InlineData("attribute_type(tags, :ss)", true)]
    [InlineData("begins_with(#n, :al)", true)]
    [InlineData("contains(tags, :a)", true)]
    [InlineData("contains(#n, :ph)", true)]
    [InlineData("size(tags) = :two", true)]
    [InlineData("size(#n) > :two", true)]
    [InlineData("#c BETWEEN :two AND :ten", true)]
    [InlineData("#c IN (:one, :two, :five)", true)]
    [InlineData("#c < :two OR NOT (#c = :ten) AND flag = :t", true)]
    [InlineData("gone <> :one", true)]
    [InlineData("gone = :one", false)]
    [InlineData("#n < :five", false)]
    [InlineData("NOT attribute_exists(#n)", false)]
    public void Conditions_evaluate_as_DynamoDB(string expression, bool expected)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":ss"] = S("SS"), [":al"] = S("al"), [":a"] = S("a"), [":ph"] = S("ph"), [":one"] = N("1"), [":two"] = N("2"),
            [":five"] = N("5"), [":ten"] = N("10"), [":t"] = AttributeValue.Boolean(true),
        };
        var used = values.Where(v => expression.Contains(v.Key, StringComparison.Ordinal)).ToDictionary(v => v.Key, v => v.Value);
        var names = new Dictionary<string, string> { ["#n"] = "name", ["#c"] = "count" }
            .Where(n => expression.Contains(n.Key, StringComparison.Ordinal)).ToDictionary(n => n.Key, n => n.Value);
        Assert.Equal(expected, Evaluate(expression, used.Count == 0 ? null : used, names.Count == 0 ? null : names));
    }

    [Theory]
    [InlineData("a = ", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a =\"")]
    [InlineData("status = :v", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status")]
    [InlineData("a = :missing", "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :missing")]
    [InlineData("#x = :v", "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x")]
    [InlineData("fn(a)", "Invalid ConditionExpression: Invalid function name; function: fn")]
    [InlineData("attribute_exists(a, b)", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2")]
    [InlineData("a = a", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]")]
    [InlineData("", "Invalid ConditionExpression: The expression can not be empty;")]
    public void Bad_expressions_get_DynamoDB_messages(string expression, string message)
    {
        var error = Assert.Throws<TableException>(() =>
            ExpressionParser.ParseCondition(expression, "ConditionExpression", new ExpressionContext(null, new Dictionary<string, AttributeValue> { [":v"] = S("x") })));
        Assert.Equal("ValidationException", error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Unused_values_and_names_are_refused()
    {
        var context = new ExpressionContext(new Dictionary<string, string> { ["#a"] = "a" }, new Dictionary<string, AttributeValue> { [":v"] = S("x"), [":w"] = S("y") });
        ExpressionParser.ParseCondition("#a = :v", "ConditionExpression", context);
        var error = Assert.Throws<TableException>(context.EnsureAllUsed);
        Assert.Equal("Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}", error.Message);
    }

    [Fact]
    public void Update_expressions_apply_every_action()
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":one"] = N("1"), [":l"] = AttributeValue.List([S("z")]), [":c"] = AttributeValue.StringSet(["c"]),
            [":a"] = AttributeValue.StringSet(["r"]), [":d"] = S("dflt"),
        };
        var context = new ExpressionContext(null, values);
        var actions = ExpressionParser.ParseUpdate(
            "SET #c = #c + :one, more = list_append(:l, :l), extra = if_not_exists(extra, :d), lst[1].deep = :d REMOVE flag ADD tags :c DELETE colors :a",
            new ExpressionContext(new Dictionary<string, string> { ["#c"] = "count" }, values));
        _ = context;
        var updated = UpdateApplier.Apply(actions, Item, ["name"]);
        Assert.Equal("6", updated["count"].N.ToString());
        Assert.Equal(2, updated["more"].L!.Count);
        Assert.Equal("dflt", updated["lst"].L![1].M!["deep"].S);
        Assert.Equal("dflt", updated["extra"].S);
        Assert.False(updated.ContainsKey("flag"));
        Assert.Equal(["a", "b", "c"], updated["tags"].SS!.Order().ToArray());
        Assert.Equal(["g"], updated["colors"].SS!.ToArray());
        Assert.Equal("5", Item["count"].N.ToString());
    }

    [Fact]
    public void Update_errors_are_DynamoDB_errors()
    {
        var values = new Dictionary<string, AttributeValue> { [":one"] = N("1"), [":s"] = S("x") };
        Assert.Equal("The provided expression refers to an attribute that does not exist in the item",
            Assert.Throws<TableException>(() => UpdateApplier.Apply(ExpressionParser.ParseUpdate("SET a = gone + :one", new ExpressionContext(null, values)), Item, [])).Message);
        Assert.Equal("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING",
            Assert.Throws<TableException>(() => ExpressionParser.ParseUpdate("ADD a :s", new ExpressionContext(null, values))).Message);
        Assert.Equal("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]",
            Assert.Throws<TableException>(() => ExpressionParser.ParseUpdate("SET a = :s, a.b = :s", new ExpressionContext(null, values))).Message);
        Assert.Equal("One or more parameter values were invalid: Cannot update attribute name. This attribute is part of the key",
            Assert.Throws<TableException>(() => UpdateApplier.Apply(ExpressionParser.ParseUpdate("SET #k = :s", new ExpressionContext(new Dictionary<string, string> { ["#k"] = "name" }, values)), Item, ["name"])).Message);
    }
}
