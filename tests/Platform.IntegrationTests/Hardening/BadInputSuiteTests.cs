namespace Platform.IntegrationTests.Hardening;

/// <summary>Issue 16's bad-input suite: every hostile request gets its service's own 4xx error, in
/// the service's shape, and no API answers any of them with a 5xx.</summary>
[Collection(HardeningPlatformCollection.Name)]
public sealed class BadInputSuiteTests(HardeningPlatformFixture platform)
{
    [Theory]
    [MemberData(nameof(BadInputCatalog.Cases), MemberType = typeof(BadInputCatalog))]
    public async Task BadInput_GetsTheServicesOwnError(string name)
    {
        var input = BadInputCatalog.Named(name);
        var reply = await RawExchange.SendAsync(platform.Port, input.Build(platform.Port));
        input.AssertShape(reply);
    }

    [Fact]
    public async Task NoApi_Answers5xx_ToAnyBadInput()
    {
        var failures = new List<string>();
        foreach (var input in BadInputCatalog.All)
        {
            var reply = await RawExchange.SendAsync(platform.Port, input.Build(platform.Port));
            if (reply.Status >= 500)
                failures.Add($"{input} → {reply.Status} {reply.Body}");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(BadInputCatalog.All.Select(c => c.Api).Distinct().Count() >= 5, "every API is covered");
    }
}
