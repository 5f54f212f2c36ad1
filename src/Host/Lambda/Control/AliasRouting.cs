namespace Platform.Host.Lambda;

/// <summary>
/// An alias's RoutingConfig applied on invoke, as Lambda does: each invocation draws once, and runs
/// an additional version with its weight's probability, else the alias's FunctionVersion. The
/// <see cref="Random"/> is injected so the split can be tested with a fixed sequence.
/// </summary>
internal sealed class AliasRouting(Random random)
{
    private readonly Lock _gate = new();

    public AliasRouting()
        : this(Random.Shared)
    {
    }

    /// <summary>The version this invocation of <paramref name="alias"/> runs.</summary>
    public string Choose(AliasRecord alias)
    {
        if (alias.AdditionalVersionWeights.Count == 0)
            return alias.FunctionVersion;
        double draw;
        // A Random other than Random.Shared is not safe to share between threads.
        lock (_gate)
            draw = random.NextDouble();
        foreach (var (version, weight) in alias.AdditionalVersionWeights.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            if (draw < weight)
                return version;
            draw -= weight;
        }
        return alias.FunctionVersion;
    }
}
