using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Host.Dashboard.History;
using Platform.Host.Dashboard.Metrics;
using Platform.Host.Dashboard.Topology;

namespace Platform.Host.Dashboard;

internal static class DashboardServices
{
    /// <summary>The dashboard, its JSON/SSE endpoints, the durable invocation history, Prometheus metrics and
    /// the topology sources this platform has (S3 notifications, event source mappings); a new source adds
    /// its <see cref="ITopologySource"/> the same way.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, string listenHost)
    {
        services.AddSingleton(DashboardAccess.For(listenHost));
        services.AddSingleton(new InvocationHistoryOptions());
        services.AddSingleton<InvocationHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<InvocationHistory>());
        services.AddSingleton<MetricsAggregator>();
        // Listening from the start, so the counters include what ran before the first scrape.
        services.AddHostedService(sp => new StartWith<MetricsAggregator>(sp.GetRequiredService<MetricsAggregator>()));
        services.AddSingleton<QueueDepths>();
        services.AddSingleton<ITopologySource, NotificationTopology>();
        services.AddSingleton<ITopologySource, MappingTopology>();
        services.AddSingleton<TopologyView>();
        services.AddSingleton<DashboardAssets>();
        services.AddSingleton<InvocationViews>();
        services.AddSingleton<QueueViews>();
        services.AddSingleton<BucketViews>();
        services.AddSingleton<StreamViews>();
        services.AddSingleton<FunctionViews>();
        services.AddSingleton<HttpViews>();
        services.AddSingleton<PlatformReset>();
        services.AddSingleton<ResetAction>();
        services.AddSingleton<LiveEvents>();
        services.AddSingleton<PrometheusEndpoint>();
        services.AddSingleton<DashboardApi>();
        return services;
    }

    /// <summary>Resolves a singleton when the host starts (its constructor starts it).</summary>
    private sealed class StartWith<T>(T service) : IHostedService
    {
        public T Service { get; } = service;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
