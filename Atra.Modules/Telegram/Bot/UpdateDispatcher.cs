using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Types;

namespace Atra.Modules.Telegram.Bot;

/// <summary>Hands one update to an <see cref="UpdateHandler"/> in its own scope and error boundary (polling and webhook alike).</summary>
internal sealed partial class UpdateDispatcher(IServiceScopeFactory scopes, TokenScrubber scrubber, ILogger<UpdateDispatcher> logger)
{
    public async Task DispatchAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<UpdateHandler>().HandleAsync(update, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The exception object is not logged: its text could carry a Bot API URL, hence the token.
            LogUpdateFailed(logger, update.Id, scrubber.Describe(ex));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram update {UpdateId} failed and was skipped: {Error}")]
    private static partial void LogUpdateFailed(ILogger logger, int updateId, string error);
}
