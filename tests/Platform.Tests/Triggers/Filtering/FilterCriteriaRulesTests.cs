using Platform.Triggers.Mappings;

namespace Platform.Tests.Triggers.Filtering;

public sealed class FilterCriteriaRulesTests
{
    private const string Valid = """{"body":{"type":["order"]}}""";

    [Fact]
    public void Five_valid_patterns_pass() => FilterCriteriaRules.Validate(Enumerable.Repeat(Valid, 5).ToList());

    [Fact]
    public void Six_patterns_are_refused()
    {
        var error = Assert.Throws<MappingValidationException>(() => FilterCriteriaRules.Validate(Enumerable.Repeat(Valid, 6).ToList()));
        Assert.Equal("InvalidParameterValueException", error.ErrorCode);
        Assert.Contains("at most 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_over_4096_characters_is_refused()
    {
        var longPattern = "{\"body\":{\"type\":[\"" + new string('x', 4096) + "\"]}}";

        var error = Assert.Throws<MappingValidationException>(() => FilterCriteriaRules.Validate([Valid, longPattern]));
        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("filterCriteria.filters.2.member.pattern", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_pattern_is_refused_with_lambdas_message()
    {
        var error = Assert.Throws<MappingValidationException>(() => FilterCriteriaRules.Validate([Valid, """{"a":[{"nope":1}]}"""]));
        Assert.Equal("InvalidParameterValueException", error.ErrorCode);
        Assert.StartsWith("Invalid filter pattern definition.", error.Message, StringComparison.Ordinal);
    }
}
