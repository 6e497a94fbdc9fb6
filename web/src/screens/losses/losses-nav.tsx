import { NavLink } from 'react-router';

/** The two views of lost accounts: why they were lost, and whether the health model saw it coming. */
export function LossesNav() {
  return (
    <nav className="tabs" aria-label="Losses">
      <NavLink to="/losses" end className="tabs__tab">
        Loss reasons
      </NavLink>
      <NavLink to="/losses/backtest" className="tabs__tab">
        Backtest of the health model
      </NavLink>
    </nav>
  );
}
