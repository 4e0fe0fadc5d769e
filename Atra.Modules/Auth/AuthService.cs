using Atra.Modules.Shared.Metrics;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Users.Contracts;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Auth;

/// <summary>Login, refresh rotation with theft detection, logout: the rules behind <c>/api/auth</c>.</summary>
internal sealed partial class AuthService(
    IMediator mediator,
    TokenIssuer issuer,
    RefreshTokenStore refreshTokens,
    AccessTokenDenyList denyList,
    LoginThrottle throttle,
    IOptions<JwtOptions> jwt,
    TimeProvider clock,
    ILogger<AuthService> logger)
{
    private const int MaxUsernameLength = 64;
    private const int MaxPasswordLength = 1024;
    private const int MaxRefreshTokenLength = 256;

    /// <summary>Tokens, or the time left on this client address's lockout (429).</summary>
    public async Task<(TokenResponse? Tokens, TimeSpan? RetryAfter)> LoginAsync(LoginRequest request, string clientAddress, CancellationToken ct)
    {
        var username = request.Username?.Trim();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(username) || username.Length > MaxUsernameLength || username.Any(char.IsControl))
        {
            errors["username"] = [$"username: required, at most {MaxUsernameLength} printable characters."];
        }
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > MaxPasswordLength)
        {
            errors["password"] = [$"password: required, at most {MaxPasswordLength} characters."];
        }
        if (errors.Count > 0)
        {
            throw new AtraProblem(400, "Invalid input", string.Join(" ", errors.Values.SelectMany(v => v)), errors);
        }

        // Checked before the password: while this address is locked out, even the right password does not get in.
        if (await throttle.LockedForAsync(username!, clientAddress, ct).ConfigureAwait(false) is { } left)
        {
            LogLocked(logger);
            AtraMetrics.LoginFailures.Inc();
            return (null, left);
        }
        // A username being guessed at from many addresses: every attempt waits first, the right password included, so
        // the answer's timing says nothing and guesses get slow; the owner waits at most Auth:MaxLoginDelay.
        var delay = await throttle.DelayAsync(username!, ct).ConfigureAwait(false);
        if (delay > TimeSpan.Zero)
        {
            LogDelayed(logger, delay.TotalSeconds);
            await Task.Delay(delay, clock, ct).ConfigureAwait(false);
        }
        var check = await mediator.Send(new VerifyCredentials(username!, request.Password!), ct).ConfigureAwait(false);
        switch (check.Status)
        {
            case CredentialStatus.Valid:
                await throttle.RecordSuccessAsync(username!, clientAddress, ct).ConfigureAwait(false);
                LogLoggedIn(logger, check.User!.Id);
                return (await IssueAsync(check.User!, Guid.NewGuid().ToString("N"), ct).ConfigureAwait(false), null);
            case CredentialStatus.Disabled:
                throw new AtraProblem(403, "Forbidden", "This account is disabled.");
            default:
                AtraMetrics.LoginFailures.Inc();
                if (await throttle.RecordFailureAsync(username!, clientAddress, ct).ConfigureAwait(false))
                {
                    LogLockedNow(logger);
                    AtraMetrics.Lockouts.Inc();
                }
                throw InvalidCredentials();
        }
    }

    public async Task<TokenResponse> RefreshAsync(RefreshRequest request, CancellationToken ct)
    {
        var token = request.RefreshToken;
        if (string.IsNullOrEmpty(token) || token.Length > MaxRefreshTokenLength)
        {
            throw AtraProblem.Validation("refresh_token", $"refresh_token: required, at most {MaxRefreshTokenLength} characters.");
        }
        var (outcome, row, revoked) = await refreshTokens.ConsumeAsync(token, ct).ConfigureAwait(false);
        switch (outcome)
        {
            case RefreshOutcome.Reused:
                await DenyAsync(revoked, ct).ConfigureAwait(false);
                LogReuse(logger, row!.UserId);
                throw InvalidRefreshToken();
            case RefreshOutcome.Invalid:
                throw InvalidRefreshToken();
        }
        var user = await mediator.Send(new GetUserById(row!.UserId), ct).ConfigureAwait(false);
        if (user is not { IsActive: true })
        {
            await DenyAsync(await refreshTokens.RevokeFamilyAsync(row.FamilyId, "user inactive", ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            throw InvalidRefreshToken();
        }
        return await IssueAsync(user, row.FamilyId, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Blocks the presented access token until it expires and ends its session (the family it was issued in), and
    /// the session of the refresh token when one is given: a logout with the access token alone leaves nothing to
    /// refresh.
    /// </summary>
    public async Task LogoutAsync(long userId, string jti, long accessExpiresAtMs, LogoutRequest? request, CancellationToken ct)
    {
        string? family = null;
        if (!string.IsNullOrEmpty(request?.RefreshToken))
        {
            // Checked before anything is revoked: a logout with a wrong refresh token changes nothing.
            family = request.RefreshToken.Length <= MaxRefreshTokenLength
                ? await refreshTokens.FamilyOfAsync(request.RefreshToken, userId, ct).ConfigureAwait(false)
                : null;
            if (family is null)
            {
                throw AtraProblem.Validation("refresh_token", "refresh_token: not a refresh token of yours.");
            }
        }
        await denyList.DenyAsync(jti, accessExpiresAtMs, ct).ConfigureAwait(false);
        var own = await refreshTokens.FamilyOfAccessAsync(jti, userId, ct).ConfigureAwait(false);
        foreach (var session in new[] { own, family }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            await DenyAsync(await refreshTokens.RevokeFamilyAsync(session, "logout", ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        LogLoggedOut(logger, userId);
    }

    /// <summary>Ends every session of a user (deactivated).</summary>
    public async Task RevokeUserAsync(long userId, string reason, CancellationToken ct) =>
        await DenyAsync(await refreshTokens.RevokeUserAsync(userId, reason, ct).ConfigureAwait(false), ct).ConfigureAwait(false);

    /// <summary>Blocks the user's live access tokens and keeps their sessions: the next refresh issues current claims (a role change).</summary>
    public async Task EndAccessTokensAsync(long userId, CancellationToken ct)
    {
        var live = await refreshTokens.LiveAccessOfUserAsync(userId, ct).ConfigureAwait(false);
        await DenyAsync(live, ct).ConfigureAwait(false);
        LogAccessEnded(logger, userId, live.Count);
    }

    private async Task<TokenResponse> IssueAsync(UserDto user, string family, CancellationToken ct)
    {
        var options = jwt.Value;
        var access = issuer.IssueAccessToken(user);
        var refresh = TokenIssuer.NewRefreshToken();
        await refreshTokens.AddAsync(refresh, family, user.Id, access, options.RefreshTokenLifetime, ct).ConfigureAwait(false);
        return new TokenResponse(access.Token, refresh, "Bearer", (int)options.AccessTokenLifetime.TotalSeconds);
    }

    private async Task DenyAsync(IReadOnlyList<RefreshTokenStore.RevokedAccess> revoked, CancellationToken ct)
    {
        foreach (var access in revoked)
        {
            await denyList.DenyAsync(access.Jti, access.ExpiresAt, ct).ConfigureAwait(false);
        }
    }

    private static AtraProblem InvalidCredentials() => new(401, "Unauthorized", "Invalid username or password.");

    private static AtraProblem InvalidRefreshToken() => new(401, "Unauthorized", "The refresh token is not valid; log in again.");

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} logged in")]
    private static partial void LogLoggedIn(ILogger logger, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} logged out")]
    private static partial void LogLoggedOut(ILogger logger, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The role of user {UserId} changed: {Count} live access tokens were revoked (a refresh issues the new role)")]
    private static partial void LogAccessEnded(ILogger logger, long userId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A login was refused: this address is locked out of the username after too many failures")]
    private static partial void LogLocked(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An address was locked out of a username after too many failed logins")]
    private static partial void LogLockedNow(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "A login waits {Seconds} s: the username has many failed logins from several addresses")]
    private static partial void LogDelayed(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A rotated refresh token of user {UserId} was presented again: its family was revoked (possible theft)")]
    private static partial void LogReuse(ILogger logger, long userId);
}
