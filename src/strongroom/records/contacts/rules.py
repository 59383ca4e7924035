"""Object rules of contacts. None narrow the permissions yet: every member who may see
contacts sees all of the company's, and the permission alone decides who changes them."""
