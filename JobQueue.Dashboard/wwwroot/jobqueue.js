// Small browser-side helpers for the dashboard.
window.jobQueue = {
    // The viewer's time zone (IANA id) and its offset east of UTC now, in minutes: pages show times in it.
    timeZone: () => ({ id: Intl.DateTimeFormat().resolvedOptions().timeZone, offsetMinutes: -new Date().getTimezoneOffset() }),
};

// The theme for the static pages (sign-in), which have no circuit: the one the user chose in the dashboard
// (localStorage, MainLayout.ThemeKey), else the OS's. The CSS reads data-theme.
(() => {
    const chosen = localStorage.getItem('jobqueue.theme');
    document.documentElement.dataset.theme = chosen === 'dark' || chosen === 'light' ? chosen
        : window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
})();

// The reconnect banner: Blazor sets components-reconnect-* classes on it as the circuit's connection comes and goes.
// It says since when what is on screen is stale. A wall must also recover by itself for days: after a dashboard
// restart Blazor's own reconnect ends "rejected" (the circuit is gone) or "failed" (retries used up), so the wall
// waits until the dashboard answers /health and then reloads. Reloading at once while it is down would leave the
// display on the browser's error page, with no script left to recover it.
(() => {
    const banner = document.getElementById('components-reconnect-modal');
    if (!banner) return;
    const lostAt = banner.querySelector('.jq-lost-at');
    // Wired here, not with onclick attributes: the content security policy allows no inline script.
    banner.querySelectorAll('.jq-reload').forEach(a => a.addEventListener('click', e => { e.preventDefault(); location.reload(); }));
    banner.querySelectorAll('.jq-reconnect-retry').forEach(a => a.addEventListener('click', e => { e.preventDefault(); Blazor.reconnect(); }));
    let lost = false;
    let recovering = false;

    const reloadWhenBack = async () => {
        if (recovering) return;
        recovering = true;
        for (;;) {
            try {
                const response = await fetch('/health', { cache: 'no-store' });
                if (response.ok) {
                    location.reload();
                    return;
                }
            } catch {
                // Still down.
            }
            await new Promise(resolve => setTimeout(resolve, 2000));
        }
    };

    new MutationObserver(() => {
        const classes = banner.classList;
        const showing = ['components-reconnect-show', 'components-reconnect-retrying', 'components-reconnect-failed', 'components-reconnect-rejected']
            .some(c => classes.contains(c));
        if (!showing) {
            lost = false;
            return;
        }
        if (!lost) {
            lost = true;
            if (lostAt) lostAt.textContent = new Date().toLocaleTimeString();
        }
        if ((classes.contains('components-reconnect-failed') || classes.contains('components-reconnect-rejected'))
            && document.querySelector('[data-wall]')) {
            reloadWhenBack();
        }
    }).observe(banner, { attributes: true, attributeFilter: ['class'] });
})();
