using Platform.Triggers.Filtering;

namespace Platform.Triggers.Mappings;

/// <summary>AWS's limits on a mapping's FilterCriteria.</summary>
public static class FilterCriteriaRules
{
    public const int MaximumPatterns = 5;
    public const int MaximumPatternLength = 4096;

    /// <summary>Checks count, length and syntax of every pattern.</summary>
    /// <exception cref="MappingValidationException">InvalidParameterValueException for too many or
    /// invalid patterns, ValidationException for an over-long one (as Lambda's request validation).</exception>
    public static void Validate(IReadOnlyList<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (patterns.Count > MaximumPatterns)
        {
            throw new MappingValidationException(
                $"FilterCriteria has {patterns.Count} filters; an event source mapping allows at most {MaximumPatterns}.");
        }
        for (var i = 0; i < patterns.Count; i++)
        {
            var pattern = patterns[i];
            if (pattern is null)
                throw new MappingValidationException($"{PatternErrors.Prefix} Filter {i + 1} has no Pattern.");
            if (pattern.Length > MaximumPatternLength)
            {
                throw new MappingValidationException(
                    $"1 validation error detected: Value at 'filterCriteria.filters.{i + 1}.member.pattern' failed to satisfy constraint: Member must have length less than or equal to {MaximumPatternLength}",
                    "ValidationException");
            }
            try
            {
                EventPattern.Parse(pattern);
            }
            catch (FormatException e)
            {
                throw new MappingValidationException(e.Message);
            }
        }
    }
}
