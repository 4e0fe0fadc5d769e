namespace Atra.Modules.Telegram.Ports;

/// <summary>A few lines of health for /admin. The integrator may back it with the Health module's <c>GetHealthReport</c>.</summary>
internal interface IHealthSummary
{
    Task<IReadOnlyList<string>> SummarizeAsync(CancellationToken cancellationToken);
}
