using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Atra.Host.Platform.Api;

/// <summary>
/// Caps request bodies at <c>Http:MaxRequestBodyBytes</c> for every server, not only Kestrel (whose own limit
/// is set too): a declared length over the cap is refused before reading, and a chunked body is read up to
/// the cap and refused when it goes beyond. Either way the answer is a 413 problem and the endpoint never runs.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IConfiguration configuration, IProblemDetailsService problems)
{
    private readonly long _limit = configuration.GetValue("Http:MaxRequestBodyBytes", 64L * 1024);

    // The problem writer is a singleton taken in the constructor: a parameter here would be resolved per request.
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is { } length)
        {
            if (length > _limit)
            {
                await RefuseAsync(context).ConfigureAwait(false);
                return;
            }
        }
        else if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        {
            // No declared length: buffer at most limit + 1 bytes to know whether the body fits.
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > _limit)
                {
                    await RefuseAsync(context).ConfigureAwait(false);
                    return;
                }
            }
            buffer.Position = 0;
            request.Body = buffer;
            request.ContentLength = buffer.Length;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = _limit;
        }
        await next(context).ConfigureAwait(false);
    }

    private async Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = $"The request body is larger than {_limit} bytes.",
            },
        }).ConfigureAwait(false);
    }
}
