using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Atra.Modules.Telegram.Bot;

/// <summary>
/// Webhook mode: Telegram POSTs each update here with <c>X-Telegram-Bot-Api-Secret-Token</c>, compared in constant
/// time with <c>Telegram:WebhookSecret</c>; anything else is 401 and never reaches the handler.
/// </summary>
internal static class WebhookEndpoints
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static void Map(IEndpointRouteBuilder endpoints, TelegramOptions options)
    {
        endpoints.MapPost(options.WebhookPath, HandleAsync).ExcludeFromDescription().AllowAnonymous();
    }

    private static async Task<IResult> HandleAsync(HttpContext context, IOptions<TelegramOptions> options, UpdateDispatcher dispatcher)
    {
        var expected = options.Value.WebhookSecret ?? "";
        var given = context.Request.Headers[SecretHeader].ToString();
        if (expected.Length == 0 || !SecretsEqual(given, expected))
        {
            return Results.Unauthorized();
        }
        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }
        if (update is not null)
        {
            // Handled before answering: Telegram redelivers an update whose request failed, and replies are keyed
            // by update id, so a redelivery is answered once.
            await dispatcher.DispatchAsync(update, context.RequestAborted).ConfigureAwait(false);
        }
        return Results.Ok();
    }

    private static bool SecretsEqual(string given, string expected)
    {
        var a = Encoding.UTF8.GetBytes(given);
        var b = Encoding.UTF8.GetBytes(expected);
        // FixedTimeEquals is constant time only for equal lengths; hashing first hides the length too.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(a), SHA256.HashData(b));
    }
}
