using Microsoft.Extensions.Hosting;

namespace Atra.Modules.Auth;

/// <summary>Resolves the signing key at start, so a broken key file stops the start instead of the first login.</summary>
internal sealed class SigningKeyStartup(SigningKeyStore keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = keys.Key;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
