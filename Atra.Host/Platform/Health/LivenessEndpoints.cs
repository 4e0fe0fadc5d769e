namespace Atra.Host.Platform.Health;

/// <summary><c>/health/live</c>: the process is up and serving. Readiness (dependencies) is the Health module's.</summary>
internal static class LivenessEndpoints
{
    public static IEndpointRouteBuilder MapLiveness(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", (TimeProvider clock) => TypedResults.Ok(new LiveAnswer("HEALTHY", clock.GetUtcNow())))
            .WithName("Liveness")
            .WithTags("health")
            .AllowAnonymous();
        return app;
    }

    internal sealed record LiveAnswer(string Status, DateTimeOffset CheckedAt);
}
