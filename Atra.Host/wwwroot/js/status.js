// Atra status page: refreshes health, signals and performance from /status/summary every few seconds and draws
// the candlestick chart of the chosen symbol with its signals marked (TradingView Lightweight Charts, global
// LightweightCharts from the standalone bundle the build copies into /lib). A build made without npm has no such
// bundle: the page then shows everything but the charts, and the server's note says why.
(() => {
    'use strict';
    const REFRESH_MS = 5000;
    const CHART_REFRESH_MS = 30000;
    const LC = window.LightweightCharts;
    const $ = (id) => document.getElementById(id);

    const colors = { text: '#e6e9ee', grid: '#2a3441', long: '#26a69a', short: '#ef5350', line: '#4c8dff' };
    const baseOptions = {
        autoSize: true,
        layout: { background: { color: 'transparent' }, textColor: colors.text },
        grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
        timeScale: { timeVisible: true, secondsVisible: false },
    };

    const chart = LC ? LC.createChart($('chart'), baseOptions) : null;
    const candles = chart?.addSeries(LC.CandlestickSeries, {
        upColor: colors.long, downColor: colors.short, borderVisible: false, wickUpColor: colors.long, wickDownColor: colors.short,
    });
    const markers = chart ? LC.createSeriesMarkers(candles, []) : null;

    const perfChart = LC ? LC.createChart($('performance-chart'), { ...baseOptions, timeScale: { timeVisible: false } }) : null;
    const profit = perfChart?.addSeries(LC.LineSeries, { color: colors.line, lineWidth: 2, priceFormat: { type: 'percent' } });

    const text = (value) => (value === null || value === undefined ? '-' : String(value));
    const utc = (ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
    const el = (tag, props = {}, children = []) => {
        const node = document.createElement(tag);
        Object.assign(node, props);
        for (const child of children) node.append(child);
        return node;
    };
    const badge = (status) => el('span', { className: `badge status-${status.toLowerCase()}`, textContent: status });

    function renderHealth(health) {
        const overall = $('overall');
        overall.className = `badge status-${health.status.toLowerCase()}`;
        overall.textContent = health.status;
        $('checked-at').textContent = `checked ${health.checked_at}`;
        const list = $('components');
        list.replaceChildren(...Object.entries(health.components).map(([name, c]) =>
            el('li', { className: 'component' }, [badge(c.status), el('strong', { textContent: name }), el('span', { className: 'reason', textContent: c.reason })])));
        for (const li of list.children) li.dataset.component = li.querySelector('strong').textContent;
    }

    function renderSignals(signals) {
        const body = $('signals').tBodies[0];
        body.replaceChildren(...signals.map((s) => {
            const row = el('tr', {}, [
                el('td', { textContent: utc(s.signal_time) }),
                el('td', { textContent: s.symbol }),
                el('td', { className: `side-${s.side}`, textContent: s.side }),
                el('td', { className: 'opt', textContent: s.filter_mode }),
                el('td', { textContent: s.entry_price }),
                el('td', { className: 'opt', textContent: s.tp1_price }),
                el('td', { className: 'opt', textContent: s.tp2_price }),
                el('td', { className: 'opt', textContent: s.sl_price }),
                el('td', { textContent: s.status }),
                el('td', { className: `result-${s.result ?? 'none'}`, textContent: text(s.result) }),
                el('td', { textContent: text(s.profit_pct) }),
            ]);
            row.dataset.signal = s.id;
            return row;
        }));
        const none = $('no-signals');
        if (none) none.hidden = signals.length > 0;
    }

    function renderPerformance(p) {
        $('performance-figures').textContent = p.win_rate === null
            ? 'No closed signal yet.'
            : `Win rate ${p.win_rate}% (${p.wins} wins, ${p.losses} losses), profit ${Number(p.total_profit_pct).toFixed(2)}%`;
        if (!perfChart) return;
        profit.setData(p.per_day.map((d) => ({ time: d.time, value: Number(d.cumulative_profit_pct) })));
        perfChart.timeScale().fitContent();
    }

    function renderModel(model) {
        const box = $('models');
        box.className = model.serving ? '' : 'muted';
        box.replaceChildren(...model.lines.map((line) => el('p', { textContent: line })));
    }

    function renderSymbols(symbols) {
        const select = $('symbol');
        const known = new Set([...select.options].map((o) => o.value));
        for (const s of symbols) if (!known.has(s)) select.append(el('option', { value: s, textContent: s }));
    }

    async function getJson(url) {
        const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.json();
    }

    async function refreshSummary() {
        try {
            const summary = await getJson('/status/summary');
            renderHealth(summary.health);
            renderSignals(summary.signals);
            renderPerformance(summary.performance);
            renderSymbols(summary.symbols);
            renderModel(summary.model);
            if (!candlesLoaded && $('symbol').value) await refreshChart();
        } catch (e) {
            $('checked-at').textContent = `status unavailable (${e.message}); retrying`;
        }
    }

    let candlesLoaded = false;
    async function refreshChart() {
        const symbol = $('symbol').value;
        const interval = $('interval').value;
        const note = $('chart-note');
        if (!chart) return;
        if (!symbol) {
            note.textContent = 'No symbol to chart yet.';
            return;
        }
        try {
            const data = await getJson(`/status/candles?symbol=${encodeURIComponent(symbol)}&interval=${encodeURIComponent(interval)}&limit=300`);
            candles.setData(data.candles.map((c) => ({ time: c.time, open: c.open, high: c.high, low: c.low, close: c.close })));
            markers.setMarkers(data.signals.map((s) => ({
                time: s.time,
                position: s.side === 'long' ? 'belowBar' : 'aboveBar',
                color: s.side === 'long' ? colors.long : colors.short,
                shape: s.side === 'long' ? 'arrowUp' : 'arrowDown',
                text: `${s.side.toUpperCase()} ${s.result ?? s.status}`,
            })));
            chart.timeScale().fitContent();
            candlesLoaded = data.candles.length > 0;
            note.textContent = data.candles.length === 0
                ? `No candles stored for ${symbol} ${interval} yet.`
                : `${data.candles.length} candles, ${data.signals.length} signals marked (UTC).`;
        } catch (e) {
            note.textContent = `Chart unavailable: ${e.message}`;
        }
    }

    $('symbol').addEventListener('change', refreshChart);
    $('interval').addEventListener('change', refreshChart);
    refreshSummary();
    refreshChart();
    setInterval(refreshSummary, REFRESH_MS);
    setInterval(refreshChart, CHART_REFRESH_MS);
})();
