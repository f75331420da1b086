-- A multi-tenant SaaS application (MySQL/MariaDB): tenants, users, teams, projects.
CREATE TABLE tenants (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name       VARCHAR(100) NOT NULL,
  plan       ENUM('free', 'team', 'business', 'enterprise') NOT NULL DEFAULT 'free',
  seats      SMALLINT UNSIGNED NOT NULL DEFAULT 5,
  created_at DATETIME NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT tenants_seats_check CHECK (seats BETWEEN 1 AND 10000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE users (
  tenant_id  INT UNSIGNED NOT NULL,
  id         INT UNSIGNED NOT NULL,
  email      VARCHAR(255) NOT NULL,
  full_name  VARCHAR(120) NOT NULL,
  role       ENUM('owner', 'admin', 'member', 'guest') NOT NULL DEFAULT 'member',
  manager_id INT UNSIGNED NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE KEY users_email_per_tenant (tenant_id, email),
  CONSTRAINT users_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
  CONSTRAINT users_manager_fk FOREIGN KEY (tenant_id, manager_id) REFERENCES users (tenant_id, id)
) ENGINE=InnoDB;

CREATE TABLE teams (
  tenant_id INT UNSIGNED NOT NULL,
  id        INT UNSIGNED NOT NULL,
  name      VARCHAR(80) NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT teams_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB;

CREATE TABLE team_members (
  tenant_id INT UNSIGNED NOT NULL,
  team_id   INT UNSIGNED NOT NULL,
  user_id   INT UNSIGNED NOT NULL,
  joined_at DATETIME NOT NULL,
  PRIMARY KEY (tenant_id, team_id, user_id),
  CONSTRAINT tm_team_fk FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id),
  CONSTRAINT tm_user_fk FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
) ENGINE=InnoDB;

CREATE TABLE projects (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id  INT UNSIGNED NOT NULL,
  team_id    INT UNSIGNED NOT NULL,
  name       VARCHAR(120) NOT NULL,
  budget     DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  starts_on  DATE NOT NULL,
  ends_on    DATE NULL,
  PRIMARY KEY (id),
  CONSTRAINT projects_team_fk FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id),
  CONSTRAINT projects_dates_check CHECK (ends_on IS NULL OR ends_on > starts_on),
  CONSTRAINT projects_budget_check CHECK (budget >= 0)
) ENGINE=InnoDB;
