using Platform.Triggers.Filtering;

namespace Platform.Tests.Triggers.Filtering;

public sealed class EventPatternParseTests
{
    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{\"a\":[\"x\"]", "not valid JSON")]
    [InlineData("[\"x\"]", "must be a JSON object")]
    [InlineData("\"x\"", "must be a JSON object")]
    [InlineData("{}", "empty object")]
    [InlineData("""{"a":{}}""", "\"a\" is an empty object")]
    [InlineData("""{"a":"x"}""", "\"a\" must be an array")]
    [InlineData("""{"a":5}""", "\"a\" must be an array")]
    [InlineData("""{"a":[]}""", "empty array")]
    [InlineData("""{"a":[["x"]]}""", "nested array")]
    [InlineData("""{"a":{"b":[{"bogus":1}]}}""", "Unrecognized match type \"bogus\" in \"a.b\"")]
    [InlineData("""{"a":[{"prefix":"x","suffix":"y"}]}""", "exactly one key")]
    [InlineData("""{"a":[{}]}""", "exactly one key")]
    [InlineData("""{"a":[{"prefix":5}]}""", "\"prefix\" in \"a\" takes a string")]
    [InlineData("""{"a":[{"prefix":{"bogus":"x"}}]}""", "equals-ignore-case")]
    [InlineData("""{"a":[{"suffix":null}]}""", "takes a string")]
    [InlineData("""{"a":[{"equals-ignore-case":["x"]}]}""", "takes a string")]
    [InlineData("""{"a":[{"exists":"true"}]}""", "true or false")]
    [InlineData("""{"a":[{"numeric":[">"]}]}""", "numeric")]
    [InlineData("""{"a":[{"numeric":">5"}]}""", "numeric")]
    [InlineData("""{"a":[{"numeric":["!=",5]}]}""", "is not one of")]
    [InlineData("""{"a":[{"numeric":[">","5"]}]}""", "must be a number")]
    [InlineData("""{"a":[{"numeric":["<",5,">",0]}]}""", "lower bound")]
    [InlineData("""{"a":[{"numeric":["=",5,"<",6]}]}""", "lower bound")]
    [InlineData("""{"a":[{"numeric":[">",5,"<",5]}]}""", "must be below")]
    [InlineData("""{"a":[{"numeric":[">",0,"<",5,">",1]}]}""", "numeric")]
    [InlineData("""{"a":[{"anything-but":[]}]}""", "empty list")]
    [InlineData("""{"a":[{"anything-but":["x",1]}]}""", "not both")]
    [InlineData("""{"a":[{"anything-but":[null]}]}""", "not both")]
    [InlineData("""{"a":[{"anything-but":true}]}""", "anything-but")]
    [InlineData("""{"a":[{"anything-but":{"prefix":""}}]}""", "empty \"prefix\"")]
    [InlineData("""{"a":[{"anything-but":{"numeric":[">",1]}}]}""", "does not support \"numeric\"")]
    [InlineData("""{"a":[{"anything-but":{"prefix":"x","suffix":"y"}}]}""", "takes one of")]
    [InlineData("""{"a":[{"wildcard":"a**b"}]}""", "consecutive wildcard")]
    [InlineData("""{"a":[{"wildcard":"a\\xb"}]}""", "invalid escape")]
    [InlineData("""{"a":[{"wildcard":"ab\\"}]}""", "invalid escape")]
    [InlineData("""{"a":[{"cidr":"10.0.0.0"}]}""", "not a valid CIDR")]
    [InlineData("""{"a":[{"cidr":"10.0.0.0/33"}]}""", "not a valid CIDR")]
    [InlineData("""{"a":[{"cidr":"nonsense/8"}]}""", "not a valid CIDR")]
    [InlineData("""{"$or":{"a":["x"]}}""", "\"$or\" must be a non-empty array")]
    [InlineData("""{"$or":[]}""", "\"$or\" must be a non-empty array")]
    [InlineData("""{"$or":[["x"]]}""", "must be a pattern object")]
    public void Invalid_patterns_name_the_problem(string pattern, string expectedFragment)
    {
        var error = Assert.Throws<FormatException>(() => EventPattern.Parse(pattern));
        Assert.StartsWith("Invalid filter pattern definition.", error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":[{"numeric":["=",5]}]}""")]
    [InlineData("""{"a":[{"numeric":[">=",0,"<",1e3]}]}""")]
    [InlineData("""{"a":[{"prefix":""}]}""")]
    [InlineData("""{"a":[{"wildcard":"a\\\\b*"}]}""")]
    [InlineData("""{"a":[{"anything-but":{"wildcard":["*.a","*.b"]}}]}""")]
    [InlineData("""{"a":[null, true, 1, "x", {"exists":false}]}""")]
    public void Valid_patterns_parse(string pattern) => Assert.Equal(pattern, EventPattern.Parse(pattern).Source);
}
