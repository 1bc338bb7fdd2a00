-- Rows that exist before the subscription: the subscriber gets them by the initial copy.
insert into customers (id, name)
values (1, 'Ada'), (2, 'Grace'), (3, 'Edsger'), (4, 'Barbara'), (5, 'Donald')
on conflict (id) do nothing;

insert into orders (customer_id, amount)
select 1 + i % 5, i * 3 + 0.99 from generate_series(1, 20) as i
where not exists (select 1 from orders);
