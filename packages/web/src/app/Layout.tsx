import { useEffect, useRef, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Icon } from './icons';
import { NAV, type NavItem } from './nav';
import { logout, ME_KEY, useMe } from './session';
import { LanguageSwitch } from './LanguageSwitch';
import { Avatar } from './ui';

function isActive(item: NavItem, pathname: string): boolean {
  if (item.area === 'customers') return pathname.startsWith('/customers') && !pathname.startsWith('/customers/duplicates');
  if (item.area === 'service') return pathname.startsWith('/service') && !pathname.startsWith('/service/settings');
  return pathname === item.to || pathname.startsWith(`${item.to}/`);
}

export function Layout() {
  const { t } = useTranslation();
  const { me, can } = useMe();
  const { pathname } = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  useEffect(() => setNavOpen(false), [pathname]);

  const items = NAV.filter((n) => can(n.permission));
  const groups: { key: 'work' | 'admin'; label: string }[] = [
    { key: 'work', label: t('nav.groupWork') },
    { key: 'admin', label: t('nav.groupAdmin') },
  ];

  return (
    <div className={`shell${navOpen ? ' shell--nav-open' : ''}`}>
      <a className="skip-link" href="#main">{t('nav.skipToContent')}</a>
      <aside className="sidebar" id="sidebar" aria-label={t('nav.label')}>
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">V</span>
          <span className="brand__name">{t('app.name')}</span>
        </Link>
        <nav className="sidebar__nav">
          {groups.map((g) => {
            const list = items.filter((i) => i.group === g.key);
            if (!list.length) return null;
            return (
              <div className="nav-group" key={g.key}>
                <p className="nav-group__title">{g.label}</p>
                <ul>
                  {list.map((item) => {
                    const active = isActive(item, pathname);
                    return (
                      <li key={item.area}>
                        <Link
                          to={item.to} className={`nav-link${active ? ' nav-link--active' : ''}`}
                          aria-current={active ? 'page' : undefined} data-testid={`nav-${item.area}`}
                        >
                          <Icon name={item.icon} />
                          <span>{t(item.labelKey)}</span>
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </div>
            );
          })}
        </nav>
        <p className="sidebar__foot">{t('app.tagline')}</p>
      </aside>
      <div className="sidebar-backdrop" onClick={() => setNavOpen(false)} aria-hidden="true" />
      <div className="main-col">
        <header className="topbar">
          <button
            type="button" className="icon-btn topbar__menu" aria-controls="sidebar" aria-expanded={navOpen}
            onClick={() => setNavOpen((o) => !o)} aria-label={t('nav.toggle')}
          >
            <Icon name={navOpen ? 'close' : 'menu'} />
          </button>
          <div className="topbar__workspace">
            <span className="topbar__workspace-label">{t('topbar.workspace')}</span>
            <span className="topbar__workspace-name" data-testid="workspace-name">{me.workspace.name}</span>
          </div>
          <div className="topbar__right">
            <LanguageSwitch />
            <UserMenu />
          </div>
        </header>
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const { me } = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => { if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false); };
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    document.addEventListener('mousedown', onDoc);
    document.addEventListener('keydown', onKey);
    return () => { document.removeEventListener('mousedown', onDoc); document.removeEventListener('keydown', onKey); };
  }, [open]);

  const doLogout = async () => {
    try {
      await logout();
    } finally {
      qc.clear();
      qc.setQueryData(ME_KEY, null);
      navigate('/login', { replace: true });
    }
  };

  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button" className="user-menu__button" aria-haspopup="true" aria-expanded={open}
        onClick={() => setOpen((o) => !o)} data-testid="user-menu"
      >
        <Avatar name={me.user.name} size="sm" />
        <span className="user-menu__name">{me.user.name}</span>
      </button>
      {open ? (
        <div className="user-menu__panel">
          <p className="user-menu__who">
            <strong>{me.user.name}</strong>
            <span>{me.user.email}</span>
            <span className="user-menu__role">{t(`role.${me.workspace.role}`)}</span>
          </p>
          <button type="button" className="btn btn--ghost btn--block" onClick={doLogout} data-testid="logout">
            <Icon name="logout" /> {t('auth.logout')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
