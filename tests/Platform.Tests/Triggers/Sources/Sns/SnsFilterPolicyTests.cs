using Platform.Emulators.Topics.Engine;
using Platform.Triggers.Sources.Sns;

namespace Platform.Tests.Triggers.Sources.Sns;

/// <summary>SNS filter-policy conformance: AWS's documented examples (sns-subscription-filter-policies,
/// attribute and body scope) as a table of policy × message → delivered or not, and the limits.</summary>
public sealed class SnsFilterPolicyTests
{
    private static readonly Dictionary<string, TopicAttribute> Attributes = new()
    {
        ["store"] = new() { DataType = "String", StringValue = "example_corp" },
        ["event"] = new() { DataType = "String", StringValue = "order_placed" },
        ["customer_interests"] = new() { DataType = "String.Array", StringValue = """["soccer","rugby","hockey"]""" },
        ["price_usd"] = new() { DataType = "Number", StringValue = "210.75" },
        ["encrypted"] = new() { DataType = "Binary", BinaryValue = [1, 2] },
    };

    [Theory]
    [InlineData("""{"store":["example_corp"]}""", true)]
    [InlineData("""{"store":["other_corp"]}""", false)]
    [InlineData("""{"store":["example_corp"],"event":["order_cancelled"]}""", false)]
    [InlineData("""{"customer_interests":["rugby"]}""", true)]
    [InlineData("""{"customer_interests":["baseball"]}""", false)]
    [InlineData("""{"price_usd":[{"numeric":[">=",100,"<",300]}]}""", true)]
    [InlineData("""{"price_usd":[{"numeric":["<",100]}]}""", false)]
    [InlineData("""{"price_usd":[210.75]}""", true)]
    [InlineData("""{"store":[{"prefix":"example"}]}""", true)]
    [InlineData("""{"store":[{"suffix":"_corp"}]}""", true)]
    [InlineData("""{"store":[{"equals-ignore-case":"EXAMPLE_CORP"}]}""", true)]
    [InlineData("""{"event":[{"anything-but":["order_cancelled","order_returned"]}]}""", true)]
    [InlineData("""{"event":[{"anything-but":{"prefix":"order_"}}]}""", false)]
    [InlineData("""{"store":[{"exists":true}]}""", true)]
    [InlineData("""{"coupon":[{"exists":false}]}""", true)]
    [InlineData("""{"coupon":[{"exists":true}]}""", false)]
    [InlineData("""{"encrypted":[{"exists":true}]}""", false)]
    [InlineData("""{"$or":[{"store":["nobody"]},{"event":["order_placed"]}]}""", true)]
    [InlineData("""{"$or":[{"store":["nobody"]},{"event":["nothing"]}]}""", false)]
    [InlineData("""{"store":["example_corp"],"price_usd":["210.75"]}""", false)]
    public void Attribute_scope(string policy, bool delivered)
    {
        Assert.Null(new SnsFilterPolicyRules().Validate(policy, "MessageAttributes"));
        Assert.Equal(delivered, SnsFilterPolicy.Compile(policy, "MessageAttributes").Matches("ignored body", Attributes));
    }

    [Theory]
    [InlineData("""{"order":{"region":["eu-west-1"]}}""", """{"order":{"region":"eu-west-1","total":12}}""", true)]
    [InlineData("""{"order":{"region":[{"prefix":"us-"}]}}""", """{"order":{"region":"eu-west-1"}}""", false)]
    [InlineData("""{"order":{"total":[{"numeric":[">",10]}]}}""", """{"order":{"total":12}}""", true)]
    [InlineData("""{"tags":["a"]}""", """{"tags":["b","a"]}""", true)]
    [InlineData("""{"order":{"region":["eu-west-1"]}}""", "not json at all", false)]
    [InlineData("""{"order":{"region":["eu-west-1"]}}""", "[1,2]", false)]
    public void Body_scope(string policy, string body, bool delivered)
    {
        Assert.Null(new SnsFilterPolicyRules().Validate(policy, "MessageBody"));
        Assert.Equal(delivered, SnsFilterPolicy.Compile(policy, "MessageBody").Matches(body, new Dictionary<string, TopicAttribute>()));
    }

    [Theory]
    [InlineData("""{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}""", "MessageAttributes", "more than 5 keys")]
    [InlineData("""{"a":[1,2,3,4,5,6,7,8,9,10],"b":[1,2,3,4],"c":[1,2,3,4]}""", "MessageAttributes", "too complex")]
    [InlineData("""{"a":{"b":["1"]}}""", "MessageAttributes", "does not support nested")]
    [InlineData("""{"a":"not-an-array"}""", "MessageAttributes", "Invalid filter pattern")]
    [InlineData("""not json""", "MessageAttributes", "failed to parse JSON")]
    [InlineData("""["a"]""", "MessageBody", "must be a JSON object")]
    public void Invalid_policies_are_refused_with_the_reason(string policy, string scope, string reason) =>
        Assert.Contains(reason, new SnsFilterPolicyRules().Validate(policy, scope));

    [Fact]
    public void Limits_count_or_branches_and_nested_body_keys()
    {
        var rules = new SnsFilterPolicyRules();
        // 5 keys is the limit, not over it; 150 combinations exactly is allowed.
        Assert.Null(rules.Validate("""{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"]}""", "MessageAttributes"));
        Assert.Null(rules.Validate("""{"a":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15],"b":[1,2,3,4,5,6,7,8,9,10]}""", "MessageAttributes"));
        Assert.Contains("more than 5 keys", rules.Validate("""{"o":{"a":["1"],"b":["1"],"c":["1"]},"p":{"d":["1"],"e":["1"],"f":["1"]}}""", "MessageBody"));
        Assert.Contains("too complex", rules.Validate(
            """{"$or":[{"a":[1,2,3,4,5,6,7,8,9,10],"b":[1,2,3,4,5,6,7,8]},{"a":[1,2,3,4,5,6,7,8,9,10],"c":[1,2,3,4,5,6,7,8]}]}""", "MessageAttributes"));
    }
}
