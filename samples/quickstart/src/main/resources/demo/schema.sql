-- The demo's tables on the publisher. Each has a primary key: it is the replica identity that
-- logical replication needs to publish UPDATE and DELETE.
create table if not exists customers (
	id bigint primary key,
	name text not null,
	orders_placed integer not null default 0
);

create table if not exists orders (
	id bigint generated always as identity primary key,
	customer_id bigint not null references customers (id),
	amount numeric(10, 2) not null,
	placed_at timestamptz not null default now()
);
